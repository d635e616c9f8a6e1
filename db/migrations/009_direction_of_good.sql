-- Workspace format 9: the direction of good as the analyst chooses it. The catalogue says why a KPI has the
-- direction it has where that needs saying (hidden-harm crimes are neutral: more recorded can mean more
-- reported); a direction the analyst chooses is kept apart from the catalogue's, with who chose it and when,
-- so the catalogue's own can be shown beside it and a catalogue update never overwrites the choice.

ALTER TABLE kpis ADD COLUMN direction_note TEXT NOT NULL DEFAULT '';

CREATE TABLE kpi_direction_choices (
  kpi_id     TEXT PRIMARY KEY REFERENCES kpis(id) ON UPDATE CASCADE ON DELETE CASCADE,
  direction  TEXT NOT NULL CHECK (direction IN ('up', 'down', 'neutral')),
  chosen_by  TEXT NOT NULL,
  chosen_at  TEXT NOT NULL
) STRICT;
