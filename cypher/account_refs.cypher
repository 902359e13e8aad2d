// AccountRefs: what account writes check before they write, in their transaction.
// Parameters: $account string, $other string (a person or organisation id)
// Columns: account bool, person bool, orgKind string|null
OPTIONAL MATCH (a:Account {id: $account})
OPTIONAL MATCH (p:Person {id: $other})
OPTIONAL MATCH (o:Organization {id: $other})
RETURN a IS NOT NULL AS account, p IS NOT NULL AS person, o.kind AS orgKind
