// Replicas read the change feed after their position (feed_changes), and pruning by number.
CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq)
