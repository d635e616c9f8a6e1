-- Workspace format 15: the office's Word template for the report (Settings ▸ Report template), kept in the
-- workspace so that it travels with it and its backups: the file as given, what it was called, who set it
-- and when, and what the workbench read of it (fonts, heading colour, page, header and footer).

CREATE TABLE report_word_template (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  file_name  TEXT NOT NULL,
  content    BLOB NOT NULL,
  info       TEXT NOT NULL,
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL
) STRICT;
