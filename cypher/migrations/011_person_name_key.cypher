// people(filter: {nameContains}) matches Person.nameKey, the name folded for search (lower
// case, no accents), with CONTAINS: a text index serves it. Store.Migrate then fills in the
// key of people written before it existed or outside the API (BackfillNameKeys).
CREATE TEXT INDEX person_name_key IF NOT EXISTS FOR (p:Person) ON (p.nameKey)
