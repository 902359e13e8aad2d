// Introductions are keyed by an id the API makes (requestIntroduction), so a retried request
// writes one.
CREATE CONSTRAINT introduction_id IF NOT EXISTS FOR (i:Introduction) REQUIRE i.id IS UNIQUE
