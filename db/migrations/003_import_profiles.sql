-- Workspace format 3: the label mappings the analyst chose for a source, kept per file shape and applied
-- automatically to the next file of the same shape (next month's spreadsheet from the same system).
CREATE TABLE import_profiles (
  signature   TEXT PRIMARY KEY,   -- SHA-256 of the sheets' names, layouts and labels
  name        TEXT NOT NULL,      -- the first file the profile was made from
  mappings    TEXT NOT NULL,      -- JSON object: label → KPI id
  created_at  TEXT NOT NULL,
  used_at     TEXT NOT NULL
) STRICT;
