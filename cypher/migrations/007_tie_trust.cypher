// Analysts' queries that filter ties by trust.
CREATE INDEX tie_trust IF NOT EXISTS FOR ()-[t:TIE]-() ON (t.trust)
