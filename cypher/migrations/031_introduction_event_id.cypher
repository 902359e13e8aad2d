// Introduction events are keyed by an id made before their transaction (one per step).
CREATE CONSTRAINT introduction_event_id IF NOT EXISTS FOR (e:IntroductionEvent) REQUIRE e.id IS UNIQUE
