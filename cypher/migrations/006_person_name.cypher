// people(filter: {nameContains}) and Neo4j Browser look-ups by name.
CREATE TEXT INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name)
