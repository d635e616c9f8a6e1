-- Workspace format 4: a profile also remembers how the analyst said a sheet is laid out, when the
-- workbench could not tell by itself. JSON object: "file!sheet" → layout choice.
ALTER TABLE import_profiles ADD COLUMN layouts TEXT NOT NULL DEFAULT '{}';
