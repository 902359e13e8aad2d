// Runs graphql-http's auditServer against a GraphQL endpoint and prints the results as JSON:
// [{id, name, status, reason}], status one of ok, notice (a MAY), warn (a SHOULD), error (a MUST).
//
//   ECOGRAPH_AUDIT_TOKEN=<jwt> node audit.mjs http://127.0.0.1:8080/graphql
//
// The token comes from the environment (not argv, which other users can list) and is sent as
// a bearer token with every audit request.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const token = process.env.ECOGRAPH_AUDIT_TOKEN ?? '';

function withToken(input, init = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: withToken });
const out = results.map(({ id, name, status, reason }) => ({ id, name, status, reason: reason ?? '' }));
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
