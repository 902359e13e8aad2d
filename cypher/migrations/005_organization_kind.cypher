// organizations(kind) and the partner scoping filter by kind.
CREATE INDEX organization_kind IF NOT EXISTS FOR (o:Organization) ON (o.kind)
