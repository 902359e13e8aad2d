// The change feed has one node (id 'routes'), merged by the trigger (change_feed_trigger).
CREATE CONSTRAINT change_feed_id IF NOT EXISTS FOR (f:ChangeFeed) REQUIRE f.id IS UNIQUE
