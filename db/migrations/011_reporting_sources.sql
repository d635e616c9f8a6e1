-- Workspace format 11: the source a KPI is reported from, as the analyst chose it, with who and when. Without
-- a choice a KPI is reported from the force's own figures where it has any, otherwise from its one source
-- (db/observations.ts, REPORTING_SOURCES). Figures of every source are kept side by side in their own series.

CREATE TABLE kpi_source_choices (
  kpi_id     TEXT PRIMARY KEY REFERENCES kpis(id) ON UPDATE CASCADE ON DELETE CASCADE,
  source     TEXT NOT NULL,
  chosen_by  TEXT NOT NULL,
  chosen_at  TEXT NOT NULL
) STRICT;
