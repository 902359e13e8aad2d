// people(orderBy: NAME) walks Person.nameKey in order (a range index keeps it sorted; the
// text index of 011 cannot).
CREATE RANGE INDEX person_name_key_order IF NOT EXISTS FOR (p:Person) ON (p.nameKey)
