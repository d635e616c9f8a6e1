-- Performance Workbench workspace, schema 1.
-- Months are stored as 'YYYY-MM' text; breakdown and area use '' (not NULL) for "none" so that the
-- uniqueness of a figure can be enforced by a plain UNIQUE constraint.

CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE kpis (
  id           TEXT PRIMARY KEY,
  section      INTEGER NOT NULL CHECK (section BETWEEN 1 AND 5),
  number       TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  aliases      TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  unit         TEXT NOT NULL,
  direction    TEXT NOT NULL CHECK (direction IN ('up', 'down', 'neutral')),
  aggregation  TEXT NOT NULL,                -- JSON, see shared/domain/kpi.ts
  standard     TEXT,                         -- JSON or NULL
  breakdowns   TEXT NOT NULL DEFAULT '[]',   -- JSON array of dimension names
  description  TEXT NOT NULL DEFAULT '',
  headline     INTEGER NOT NULL DEFAULT 0,
  origin       TEXT NOT NULL DEFAULT 'catalogue' CHECK (origin IN ('catalogue', 'user'))
) STRICT;

-- One row per import, demo generation or manual entry: every observation points at the one that wrote it.
CREATE TABLE imports (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('demo', 'file', 'manual')),
  label        TEXT NOT NULL,
  file_name    TEXT,
  file_sha256  TEXT,
  created_at   TEXT NOT NULL,
  undone_at    TEXT,
  summary      TEXT NOT NULL DEFAULT '{}'    -- JSON: counts added, changed, unchanged
) STRICT;

CREATE TABLE observations (
  id            INTEGER PRIMARY KEY,
  kpi_id        TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  period_kind   TEXT NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'quarter', 'year')),
  period_start  TEXT NOT NULL CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  area          TEXT NOT NULL DEFAULT '',    -- force or area for peer comparison; '' is the workspace's own force
  dimension     TEXT NOT NULL DEFAULT '',    -- breakdown dimension, e.g. 'Gender'
  category      TEXT NOT NULL DEFAULT '',    -- breakdown category, e.g. 'Male'
  value         REAL NOT NULL,
  import_id     INTEGER NOT NULL REFERENCES imports(id),
  source_file   TEXT,
  source_sheet  TEXT,
  source_cell   TEXT,
  updated_at    TEXT NOT NULL,
  UNIQUE (kpi_id, period_kind, period_start, area, dimension, category)
) STRICT;

CREATE INDEX observations_by_period ON observations (period_kind, period_start);
CREATE INDEX observations_by_import ON observations (import_id);

-- Every change an import (or its undo) made to a figure, keyed like the figure itself rather than by row
-- id, so the history outlives a figure that an undo removes. Nothing is silently overwritten.
CREATE TABLE observation_revisions (
  id              INTEGER PRIMARY KEY,
  kpi_id          TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  period_kind     TEXT NOT NULL,
  period_start    TEXT NOT NULL,
  area            TEXT NOT NULL,
  dimension       TEXT NOT NULL,
  category        TEXT NOT NULL,
  old_value       REAL,                      -- NULL when the change created the figure
  new_value       REAL,                      -- NULL when the change removed the figure
  old_import_id   INTEGER REFERENCES imports(id),
  old_source_file TEXT,
  old_source_sheet TEXT,
  old_source_cell TEXT,
  import_id       INTEGER NOT NULL REFERENCES imports(id),
  changed_at      TEXT NOT NULL
) STRICT;

CREATE INDEX observation_revisions_by_import ON observation_revisions (import_id);

CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  scope       TEXT NOT NULL CHECK (scope IN ('kpis', 'all')),
  month_from  TEXT NOT NULL,
  month_to    TEXT NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('operational', 'recording_practice', 'external_event', 'data_quality', 'other')),
  text        TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (month_from <= month_to)
) STRICT;

CREATE TABLE annotation_kpis (
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  kpi_id        TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  PRIMARY KEY (annotation_id, kpi_id)
) STRICT;
