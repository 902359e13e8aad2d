// Interactions are keyed by the caller's id (interactions.csv, logInteraction).
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE
