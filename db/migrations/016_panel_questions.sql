-- Workspace format 16: the Panel's follow-up questions, as the minutes record them, and their answers: the
-- Panel's action log. Each question names the KPIs and the period it is about; its answer is a paragraph
-- written like the report's (live figures, the number check) and exported as a one-page brief.

CREATE TABLE panel_questions (
  id           INTEGER PRIMARY KEY,
  meeting      TEXT NOT NULL,                  -- YYYY-MM-DD
  member       TEXT,                           -- who asked, if the minutes say
  text         TEXT NOT NULL,                  -- the words of the minutes
  kpi_ids      TEXT NOT NULL DEFAULT '[]',     -- JSON: the KPIs it is about, in order
  period       TEXT NOT NULL,                  -- the period its figures are of, as formatPeriod writes it
  answer       TEXT NOT NULL DEFAULT '',       -- the answer paragraph, as a report paragraph is stored
  accepted     TEXT NOT NULL DEFAULT '[]',     -- JSON: findings of the number check accepted as written
  answered_at  TEXT,
  answered_by  TEXT,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
) STRICT;

CREATE TABLE question_briefs (
  id           INTEGER PRIMARY KEY,
  question_id  INTEGER NOT NULL REFERENCES panel_questions(id) ON DELETE CASCADE,
  format       TEXT NOT NULL CHECK (format IN ('docx', 'pdf')),
  file_path    TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  author       TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX question_briefs_by_question ON question_briefs (question_id);
