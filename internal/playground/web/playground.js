// Starts GraphiQL (vendored from npm under lib/, see ../npm/vendor.sh) against this server's
// /graphql. The token goes in the Headers tab, which starts open with a template; headers are
// not persisted (shouldPersistHeaders: false), so a token never outlives the tab in storage.
'use strict';

const endpoint = new URL('graphql', window.location.href).href;

const defaultQuery = `# Ecograph's GraphQL playground.
#
# 1. Mint a token:   bin/ecograph token --role ANALYST
# 2. Paste it into the Headers tab below, after "Bearer ".
# 3. Run with Ctrl-Enter (or the run button).
query Organizations {
  organizations(first: 5) {
    edges { node { id name kind } }
  }
}
`;

const defaultHeaders = JSON.stringify({ Authorization: 'Bearer PASTE-A-TOKEN-HERE' }, null, 2);

const fetcher = GraphiQL.createFetcher({ url: endpoint });

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultHeaders,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
