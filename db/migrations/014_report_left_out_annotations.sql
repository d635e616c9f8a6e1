-- Workspace format 14: the annotations the analyst chose to leave out of a report. An annotation added after
-- a report was drafted marks the paragraph of its KPI until its sentence is inserted or it is left out here.

ALTER TABLE reports ADD COLUMN left_out TEXT NOT NULL DEFAULT '[]';
