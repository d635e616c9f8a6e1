-- Workspace format 8: step changes proposed by the analysis and decided by the analyst. An accepted step
-- begins a segment of the KPI's control chart (spc_breaks, with an annotation saying why); a dismissed one
-- is remembered, so the proposal does not come back.

CREATE TABLE step_decisions (
  kpi_id         TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status         TEXT NOT NULL CHECK (status IN ('accepted', 'dismissed')),
  level_before   REAL NOT NULL,
  level_after    REAL NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  annotation_id  INTEGER REFERENCES annotations(id),
  author         TEXT NOT NULL,
  decided_at     TEXT NOT NULL,
  PRIMARY KEY (kpi_id, month)
) STRICT;
