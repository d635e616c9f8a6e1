-- Workspace format 17: the mapping of each return workbook the analyst was sent (the Home Office's own), by
-- its layout: which cell takes which KPI over which period of the quarter. Kept with its version and who
-- changed it last, so next quarter's copy of the same workbook is filled by it.

CREATE TABLE return_mappings (
  layout      TEXT PRIMARY KEY,   -- SHA-256 of the workbook's sheets and labels
  mapping     TEXT NOT NULL,      -- JSON: shared/returns/mapping.ts ReturnMapping
  updated_at  TEXT NOT NULL
) STRICT;
