-- Workspace format 10: figures stored by integer keys. A figure's text key (KPI, period kind, area,
-- breakdown) is written once, as a series; a figure is its series and month, both integers, in a table
-- clustered on them; its provenance is a reference to the import's file and sheet plus the cell as numbers.
-- A figure an import only created has no revision: the import that wrote it is known from its sheet. A
-- revision is written when a figure is changed or removed, and holds what it replaced.

CREATE TABLE series (
  id           INTEGER PRIMARY KEY,
  kpi_id       TEXT NOT NULL REFERENCES kpis(id) ON UPDATE CASCADE,
  period_kind  TEXT NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'quarter', 'year')),
  area         TEXT NOT NULL DEFAULT '',    -- '' is the workspace's own force
  dimension    TEXT NOT NULL DEFAULT '',
  category     TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL DEFAULT '',    -- '' is the force's own systems; room for other sources of a figure
  UNIQUE (kpi_id, period_kind, area, dimension, category, source)
) STRICT;

-- The files and sheets an import read, one row each; hand entries and the demo have one row with no sheet.
CREATE TABLE import_sheets (
  id         INTEGER PRIMARY KEY,
  import_id  INTEGER NOT NULL REFERENCES imports(id),
  file       TEXT,
  sheet      TEXT
) STRICT;

CREATE INDEX import_sheets_by_import ON import_sheets (import_id);

-- month is year × 12 + month − 1 (2019-04 is 24231); a quarter or year is keyed by its first month. The cell
-- is 1-based row and column; a figure counted from records names the rows it counted (last_row, row_count).
CREATE TABLE figures (
  series_id    INTEGER NOT NULL REFERENCES series(id),
  month        INTEGER NOT NULL CHECK (month BETWEEN 0 AND 119999),
  value        REAL NOT NULL,
  sheet_id     INTEGER NOT NULL REFERENCES import_sheets(id),
  cell_row     INTEGER,
  cell_column  INTEGER,
  last_row     INTEGER,
  row_count    INTEGER,
  PRIMARY KEY (series_id, month)
) STRICT, WITHOUT ROWID;

-- A change to a figure an import (or its undo) made: what it replaced, and what it became (NULL: removed).
-- old_sheet_id is NULL only for an undo carried over from format 9, which did not record that provenance.
CREATE TABLE figure_revisions (
  id               INTEGER PRIMARY KEY,
  series_id        INTEGER NOT NULL REFERENCES series(id),
  month            INTEGER NOT NULL,
  import_id        INTEGER NOT NULL REFERENCES imports(id),
  reason           TEXT NOT NULL CHECK (reason IN ('import', 'undo')),
  old_value        REAL NOT NULL,
  old_sheet_id     INTEGER REFERENCES import_sheets(id),
  old_cell_row     INTEGER,
  old_cell_column  INTEGER,
  old_last_row     INTEGER,
  old_row_count    INTEGER,
  new_value        REAL,
  changed_at       TEXT NOT NULL
) STRICT;

CREATE INDEX figure_revisions_by_import ON figure_revisions (import_id);
-- A figure's history: its revisions are few, but a workspace may hold many.
CREATE INDEX figure_revisions_by_figure ON figure_revisions (series_id, month);

-- Format 9's figures, carried over: every series in the order its first figure was written (the order
-- breakdown categories are listed in), then those only a revision still names.
INSERT INTO series (kpi_id, period_kind, area, dimension, category)
SELECT kpi_id, period_kind, area, dimension, category FROM (
  SELECT kpi_id, period_kind, area, dimension, category, min(id) AS first FROM observations GROUP BY kpi_id, period_kind, area, dimension, category
) ORDER BY first;

INSERT OR IGNORE INTO series (kpi_id, period_kind, area, dimension, category)
SELECT kpi_id, period_kind, area, dimension, category FROM observation_revisions
WHERE NOT EXISTS (
  SELECT 1 FROM series s WHERE s.kpi_id = observation_revisions.kpi_id AND s.period_kind = observation_revisions.period_kind
    AND s.area = observation_revisions.area AND s.dimension = observation_revisions.dimension AND s.category = observation_revisions.category)
ORDER BY id;

INSERT INTO import_sheets (import_id, file, sheet)
SELECT import_id, file, sheet FROM (
  SELECT import_id, source_file AS file, source_sheet AS sheet, min(id) AS first FROM observations GROUP BY 1, 2, 3
  UNION ALL
  SELECT old_import_id, old_source_file, old_source_sheet, NULL FROM observation_revisions WHERE old_import_id IS NOT NULL GROUP BY 1, 2, 3
  UNION ALL
  SELECT id, NULL, NULL, NULL FROM imports
) GROUP BY import_id, file, sheet ORDER BY import_id, min(first) NULLS LAST;

INSERT INTO figures (series_id, month, value, sheet_id, cell_row, cell_column, last_row, row_count)
SELECT s.id, CAST(substr(o.period_start, 1, 4) AS INTEGER) * 12 + CAST(substr(o.period_start, 6, 2) AS INTEGER) - 1, o.value, sh.id,
  cell_part(o.source_cell, 0), cell_part(o.source_cell, 1), cell_part(o.source_cell, 2), cell_part(o.source_cell, 3)
FROM observations o
JOIN series s ON s.kpi_id = o.kpi_id AND s.period_kind = o.period_kind AND s.area = o.area AND s.dimension = o.dimension AND s.category = o.category AND s.source = ''
JOIN import_sheets sh ON sh.import_id = o.import_id AND sh.file IS o.source_file AND sh.sheet IS o.source_sheet
ORDER BY s.id, 2;

-- A revision that only created a figure is dropped: the figure's own sheet, or the revision that later
-- replaced it, names the import that created it.
INSERT INTO figure_revisions (id, series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
SELECT r.id, s.id, CAST(substr(r.period_start, 1, 4) AS INTEGER) * 12 + CAST(substr(r.period_start, 6, 2) AS INTEGER) - 1, r.import_id, r.reason, r.old_value,
  sh.id,
  cell_part(r.old_source_cell, 0), cell_part(r.old_source_cell, 1), cell_part(r.old_source_cell, 2), cell_part(r.old_source_cell, 3),
  r.new_value, r.changed_at
FROM observation_revisions r
JOIN series s ON s.kpi_id = r.kpi_id AND s.period_kind = r.period_kind AND s.area = r.area AND s.dimension = r.dimension AND s.category = r.category AND s.source = ''
LEFT JOIN import_sheets sh ON sh.import_id = r.old_import_id AND sh.file IS r.old_source_file AND sh.sheet IS r.old_source_sheet
WHERE r.old_value IS NOT NULL
ORDER BY r.id;

DROP TABLE observation_revisions;
DROP TABLE observations;

-- The figures as format 9 showed them, for reading (by the tests, and by anyone querying a workspace by hand).
CREATE VIEW observations AS
SELECT f.series_id, f.month, s.kpi_id, s.period_kind,
  printf('%04d-%02d', f.month / 12, f.month % 12 + 1) AS period_start,
  s.area, s.dimension, s.category, s.source, f.value, sh.import_id, f.sheet_id,
  sh.file AS source_file, sh.sheet AS source_sheet,
  CASE WHEN f.cell_row IS NULL THEN NULL ELSE
    CASE WHEN f.cell_column <= 26 THEN char(64 + f.cell_column)
         WHEN f.cell_column <= 702 THEN char(64 + (f.cell_column - 1) / 26) || char(65 + (f.cell_column - 1) % 26)
         ELSE char(65 + (f.cell_column - 703) / 676) || char(65 + (f.cell_column - 703) / 26 % 26) || char(65 + (f.cell_column - 703) % 26) END
    || f.cell_row
    || CASE WHEN f.last_row IS NULL THEN '' ELSE ':' ||
      CASE WHEN f.cell_column <= 26 THEN char(64 + f.cell_column)
           WHEN f.cell_column <= 702 THEN char(64 + (f.cell_column - 1) / 26) || char(65 + (f.cell_column - 1) % 26)
           ELSE char(65 + (f.cell_column - 703) / 676) || char(65 + (f.cell_column - 703) / 26 % 26) || char(65 + (f.cell_column - 703) % 26) END
      || f.last_row || ' (' || f.row_count || ' rows)' END
  END AS source_cell
FROM figures f JOIN series s ON s.id = f.series_id JOIN import_sheets sh ON sh.id = f.sheet_id;
