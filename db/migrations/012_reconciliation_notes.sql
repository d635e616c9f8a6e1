-- Workspace format 12: the analyst's explanation of why two sources of one figure differ, kept per KPI and
-- period with who wrote it and when, and printed with the reconciliation in the report's appendix.

CREATE TABLE reconciliation_notes (
  kpi_id     TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE ON DELETE CASCADE,
  period     TEXT NOT NULL,
  note       TEXT NOT NULL,
  noted_by   TEXT NOT NULL,
  noted_at   TEXT NOT NULL,
  PRIMARY KEY (kpi_id, period)
) STRICT;
