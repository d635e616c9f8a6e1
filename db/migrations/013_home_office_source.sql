-- Workspace format 13: the Home Office police recorded crime tables by force are a source of their own
-- ('Home Office tables', shared/domain/sources.ts), never the force's own figures; and a sheet keeps the
-- title it carries above its header (the publication its figures are from), for the Peers page.

ALTER TABLE import_sheets ADD COLUMN title TEXT;

-- Until now other areas' quarterly figures were stored under the force's own source ''.
UPDATE series SET source = 'Home Office tables' WHERE period_kind = 'quarter' AND area <> '' AND source = '';

-- The source the analyst named at import (`--source`), remembered for the file's shape like its layout.
ALTER TABLE import_profiles ADD COLUMN source TEXT;
