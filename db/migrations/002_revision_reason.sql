-- Workspace format 2: a revision says whether an import or the undoing of one made it, so the history
-- of a figure reads "imported", "changed by", "restored by undo of".
ALTER TABLE observation_revisions ADD COLUMN reason TEXT NOT NULL DEFAULT 'import' CHECK (reason IN ('import', 'undo'));
