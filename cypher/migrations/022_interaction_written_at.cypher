// Bulk trust recomputation finds the interactions written while it ran (writtenAt).
CREATE INDEX interaction_written_at IF NOT EXISTS FOR (i:Interaction) ON (i.writtenAt)
