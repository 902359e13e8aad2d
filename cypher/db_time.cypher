// DBTime: the database's clock (interactions' writtenAt is stamped with it).
// Columns: now datetime
RETURN datetime() AS now
