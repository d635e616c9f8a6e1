-- Workspace format 5: what the analysis remembers. Annotations are edited with history and deleted
-- softly (restorable); flagged figures are explained or dismissed once; SPC step changes are set per KPI;
-- areas have populations for rates per 1,000.

ALTER TABLE annotations ADD COLUMN deleted_at TEXT;

-- Every state an annotation has been in, written at each change, so an edit never loses the earlier text.
CREATE TABLE annotation_revisions (
  id             INTEGER PRIMARY KEY,
  annotation_id  INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  action         TEXT NOT NULL CHECK (action IN ('created', 'edited', 'deleted', 'restored')),
  author         TEXT NOT NULL,
  changed_at     TEXT NOT NULL,
  snapshot       TEXT NOT NULL     -- JSON: scope, kpis, month_from, month_to, category, text
) STRICT;

CREATE INDEX annotation_revisions_by_annotation ON annotation_revisions (annotation_id);

-- A flagged figure the analyst has dealt with: explained (by an annotation) or dismissed with a reason.
-- Keyed by the figure, not by the rule, so a figure is not asked about again when the rule that fires changes.
CREATE TABLE anomaly_reviews (
  id             INTEGER PRIMARY KEY,
  kpi_id         TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  dimension      TEXT NOT NULL DEFAULT '',
  category       TEXT NOT NULL DEFAULT '',
  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status         TEXT NOT NULL CHECK (status IN ('explained', 'dismissed')),
  rule           TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  annotation_id  INTEGER REFERENCES annotations(id),
  author         TEXT NOT NULL,
  reviewed_at    TEXT NOT NULL,
  UNIQUE (kpi_id, dimension, category, month),
  CHECK (status = 'dismissed' OR annotation_id IS NOT NULL)
) STRICT;

-- The months from which a KPI's process is taken to begin again (step changes), for its SPC limits.
CREATE TABLE spc_breaks (
  kpi_id      TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (kpi_id, month)
) STRICT;

-- Resident population of a force area, for offences per 1,000 population in peer comparison.
CREATE TABLE area_populations (
  area        TEXT PRIMARY KEY,
  population  INTEGER NOT NULL CHECK (population > 0),
  as_of       TEXT NOT NULL,       -- e.g. "mid-2019"
  source      TEXT NOT NULL,       -- e.g. "ONS mid-year estimates"
  entered_by  TEXT NOT NULL,
  entered_at  TEXT NOT NULL
) STRICT;
