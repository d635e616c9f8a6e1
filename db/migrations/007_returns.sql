-- Workspace format 7: Excel returns and exports. A cell of a return the analyst marked not available (with
-- why, who and when), and every spreadsheet written (what, from which data, when), like report exports.

CREATE TABLE return_marks (
  template_id  TEXT NOT NULL,
  period       TEXT NOT NULL,          -- "Q1 2019/20"
  cell         TEXT NOT NULL,          -- "B6"
  reason       TEXT NOT NULL,
  author       TEXT NOT NULL,
  marked_at    TEXT NOT NULL,
  PRIMARY KEY (template_id, period, cell)
) STRICT;

CREATE TABLE data_exports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('return', 'tables')),
  name        TEXT NOT NULL,           -- the return's id, or "KPI tables"
  period      TEXT NOT NULL,
  format      TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  file_path   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  contents    TEXT NOT NULL            -- JSON: every value written, with where it came from
) STRICT;
