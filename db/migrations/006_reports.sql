-- Workspace format 6: the Force Performance Report. One report per period, with the analyst's template,
-- narrative (text with live fields), glossary and accepted check findings; every export is kept with the
-- document exactly as written, so a final report can be written again after the data have changed.

CREATE TABLE reports (
  id          INTEGER PRIMARY KEY,
  period      TEXT NOT NULL UNIQUE,   -- as the report names it: "Q1 2019/20", "2018/19"
  title       TEXT NOT NULL,
  author      TEXT NOT NULL,
  marking     TEXT NOT NULL CHECK (marking IN ('NOT PROTECTIVELY MARKED', 'OFFICIAL', 'OFFICIAL-SENSITIVE')),
  template    TEXT NOT NULL,          -- JSON, shared/report/model.ts
  paragraphs  TEXT NOT NULL,          -- JSON: [{ id, section, kpiId, text }]
  glossary    TEXT NOT NULL,          -- JSON: [{ term, definition }]
  accepted    TEXT NOT NULL DEFAULT '[]',  -- JSON: ids of check findings the analyst accepted
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE report_exports (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  version     TEXT NOT NULL CHECK (version IN ('draft', 'final')),
  format      TEXT NOT NULL CHECK (format IN ('docx', 'pdf', 'html')),
  file_path   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  document    TEXT NOT NULL           -- JSON: the report as written, every figure and sentence worked out
) STRICT;

CREATE INDEX report_exports_by_report ON report_exports (report_id);
