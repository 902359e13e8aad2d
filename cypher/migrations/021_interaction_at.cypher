// Interactions are listed newest first (by person, organisation, account).
CREATE INDEX interaction_at IF NOT EXISTS FOR (i:Interaction) ON (i.at)
