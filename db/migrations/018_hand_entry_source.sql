-- Workspace format 18: figures entered by hand are a source of their own ('entered by hand',
-- shared/domain/sources.ts) for a KPI no file has supplied: spend or patrol hours typed for a return were
-- never the force's own figures. A KPI whose force figures came from a file (or the demo) keeps its hand
-- entries there: they filled a gap in, or corrected, those figures.
UPDATE series SET source = 'entered by hand'
WHERE source = '' AND period_kind = 'month' AND area = ''
  AND kpi_id IN (
    SELECT s.kpi_id FROM series s JOIN figures f ON f.series_id = s.id
    WHERE s.source = '' AND s.period_kind = 'month' AND s.area = ''
    GROUP BY s.kpi_id
    HAVING max((SELECT i.kind FROM import_sheets sh JOIN imports i ON i.id = sh.import_id WHERE sh.id = f.sheet_id) <> 'manual') = 0
  )
  AND kpi_id NOT IN (
    SELECT s.kpi_id FROM series s JOIN figure_revisions r ON r.series_id = s.id
      JOIN import_sheets sh ON sh.id = r.old_sheet_id JOIN imports i ON i.id = sh.import_id
    WHERE s.source = '' AND i.kind <> 'manual'
  );
