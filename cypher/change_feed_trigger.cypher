// The change feed's trigger (docs/scaling.md), installed by Migrate as an APOC trigger in the
// 'before' phase: it runs inside every write transaction, just before the commit, whoever
// wrote (an API replica, the importer, trust recomputation, an analyst in Neo4j Browser). It
// collects the ids of the people whose route data changed (the person's id, name, title or
// roles; their WORKS_AT, MEMBER_OF or TIE relationships; a tie's trust or source) and whether
// an organisation changed, and appends one :Change numbered one more than the last. Taking
// the feed node's write lock first makes the numbers follow commit order: a reader that has
// seen change n has seen every change before it.
// Deleted nodes are only compared, never read: their ids come from the removed properties.
// Transactions that change nothing the routes use append nothing.
// Membership tests go through maps keyed by element id (a list's IN is linear, and a bulk
// delete would make them quadratic).
// First it keeps a tie one tie: a TIE created (in Neo4j Browser, say, in the other direction)
// between two people who already have one is folded into the existing one (its properties
// win, as the newest write) and deleted, so every read sees one tie per pair. Only in
// transactions that create up to 1,000 ties: hand edits. Ecograph's own writers MERGE ties
// undirected and never create a second one, and looking for one costs an expand per tie.
// A bulk write that records its people itself (record_changes.cypher) says so in its
// transaction's metadata, and the trigger leaves it alone.
WITH 1 AS one WHERE coalesce($metaData.ecographFeed, '') <> 'recorded'
WITH [r IN $createdRelationships WHERE type(r) = 'TIE'] AS newTies
WITH newTies, apoc.map.fromPairs([r IN newTies | [elementId(r), true]]) AS isNew
CALL {
  WITH newTies, isNew
  UNWIND CASE WHEN size(newTies) <= 1000 THEN newTies ELSE [] END AS r
  CALL {
    WITH r, isNew
    WITH r, isNew, startNode(r) AS x, endNode(r) AS y
    MATCH (x)-[o:TIE]-(y) WHERE isNew[elementId(o)] IS NULL
    RETURN o LIMIT 1
  }
  SET o += properties(r)
  DELETE r
}
WITH apoc.map.fromPairs([n IN $deletedNodes | [elementId(n), true]]) AS gone,
     apoc.map.fromPairs([r IN $deletedRelationships | [elementId(r), true]]) AS goneRels,
     apoc.map.fromPairs([n IN coalesce($removedLabels.Person, []) | [elementId(n), true]]) AS gonePeople
WITH gone, [id IN apoc.coll.flatten([
  [n IN $createdNodes WHERE n:Person | n.id],
  [k IN ['id', 'name', 'title', 'roles'] |
    [x IN coalesce($assignedNodeProperties[k], []) WHERE gone[elementId(x.node)] IS NULL |
      [n IN [x.node] WHERE n:Person | n.id]]],
  [k IN ['name', 'title', 'roles'] |
    [x IN coalesce($removedNodeProperties[k], []) WHERE gone[elementId(x.node)] IS NULL |
      [n IN [x.node] WHERE n:Person | n.id]]],
  [x IN coalesce($removedNodeProperties.id, []) WHERE gonePeople[elementId(x.node)] IS NOT NULL | x.old],
  [n IN coalesce($assignedLabels.Person, []) | n.id],
  [n IN coalesce($removedLabels.Person, []) WHERE gone[elementId(n)] IS NULL | n.id],
  [r IN $createdRelationships WHERE type(r) IN ['TIE', 'WORKS_AT', 'MEMBER_OF'] |
    [n IN [startNode(r), endNode(r)] WHERE n:Person | n.id]],
  [r IN $deletedRelationships WHERE type(r) IN ['TIE', 'WORKS_AT', 'MEMBER_OF'] |
    [m IN [startNode(r), endNode(r)] WHERE gone[elementId(m)] IS NULL | [n IN [m] WHERE n:Person | n.id]]],
  [k IN ['trust', 'source'] |
    [x IN coalesce($assignedRelationshipProperties[k], []) WHERE type(x.relationship) = 'TIE' |
      [startNode(x.relationship).id, endNode(x.relationship).id]]],
  [k IN ['trust', 'source'] |
    [x IN coalesce($removedRelationshipProperties[k], [])
      WHERE goneRels[elementId(x.relationship)] IS NULL AND type(x.relationship) = 'TIE' |
      [startNode(x.relationship).id, endNode(x.relationship).id]]]
], true) WHERE id IS NOT NULL] AS ids,
  size([n IN $createdNodes WHERE n:Organization]) > 0
  OR size(coalesce($removedLabels.Organization, [])) > 0
  OR size(coalesce($assignedLabels.Organization, [])) > 0
  OR any(k IN ['id', 'name', 'kind', 'sector'] WHERE
    any(x IN coalesce($assignedNodeProperties[k], []) WHERE gone[elementId(x.node)] IS NULL AND
      any(n IN [x.node] WHERE n:Organization))) AS orgs
WITH apoc.coll.toSet(ids) AS people, orgs
WHERE size(people) > 0 OR orgs
MERGE (f:ChangeFeed {id: 'routes'})
  ON CREATE SET f.epoch = randomUUID(), f.seq = 0
SET f.locked = true
WITH f, people, orgs
SET f.seq = f.seq + 1
CREATE (:Change {seq: f.seq, people: people, orgs: orgs, at: datetime()})
REMOVE f.locked
