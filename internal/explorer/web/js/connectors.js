// The connectors view: #/connectors?org=ORG (without org: everyone) lists the people with
// the highest betweenness centrality (Query.connectors). A partner may ask only about its own
// organisation; the view says so instead of showing an error code.

import { gql, claims, doc } from './graphql.js';
import { h, fill, message, link, personLine } from './dom.js';

const ORGS = doc(`query ExplorerConnectorOrgs {
  organizations(first: 100) { edges { node { id name } } }
}`);

// The organisation of a deep link, by id: it may lie beyond the first 100 of the list.
const SCOPE = doc(`query ExplorerConnectorScope($org: ID!) {
  organization(id: $org) { id name }
}`);

const QUERY = doc(`query ExplorerConnectors($org: ID, $first: Int) {
  connectors(organization: $org, first: $first) { betweenness exact errorBound person { id name title roles organization { id name kind } } }
}`);

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const org = params.get('org') || '';
  const first = Math.min(100, Math.max(1, Number.parseInt(params.get('n') || '10', 10) || 10));
  const c = claims();
  const partner = c && c.role === 'PARTNER';
  const heading = h('h2', {}, 'Connectors');
  fill(main, heading, message('info', 'Loading…'));

  let orgs = [];
  let scope = null;
  try {
    orgs = (await gql(ORGS, {}, { signal })).organizations.edges.map((e) => e.node);
  } catch (err) {
    if (err.name === 'AbortError') return;
  }
  scope = orgs.find((o) => o.id === org) || null;
  if (org && !scope) {
    // Beyond the list's first page (a large ecosystem): ask for it by id, and offer it too.
    try {
      scope = (await gql(SCOPE, { org }, { signal })).organization;
    } catch (err) {
      if (err.name === 'AbortError') return;
    }
    if (scope) orgs = [scope, ...orgs];
  }
  const select = h(
    'select',
    { id: 'connectors-org' },
    partner ? null : h('option', { value: '' }, 'Everyone'),
    orgs.map((o) => h('option', { value: o.id, selected: o.id === org }, o.name)),
  );
  const form = h(
    'form',
    { class: 'query row inline' },
    h('div', { class: 'field' }, h('label', { for: 'connectors-org' }, 'Among the people of'), select),
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link('connectors', { org: select.value, n: first === 10 ? null : first });
  });
  heading.textContent = org ? `Connectors of ${scope ? scope.name : org}` : 'Connectors across the ecosystem';
  document.title = `${heading.textContent} · Ecograph Explorer`;
  const out = h('div', { class: 'result' }, message('info', 'Computing…'));
  fill(
    main,
    heading,
    h('p', { class: 'muted' }, 'Betweenness centrality: how much of the shortest-path traffic between the other people runs through each person. High betweenness marks a connector.'),
    form,
    out,
  );

  let list;
  try {
    list = (await gql(QUERY, { org: org || null, first }, { signal })).connectors;
  } catch (err) {
    if (err.name === 'AbortError') return;
    if (err.code === 'FORBIDDEN' && partner) {
      fill(out, message('error', 'As a partner you may see connectors only among your own organisation’s people: they are computed over ties that are private to us.'),
        c.org ? h('p', {}, h('a', { href: link('connectors', { org: c.org }) }, 'Connectors of your organisation')) : null);
    } else if (err.code === 'NOT_FOUND') {
      fill(out, message('error', `No organisation “${org}” is visible to you: the id is unknown, or it is not shared with your organisation.`));
    } else {
      fill(out, message('error', err.message));
    }
    return;
  }
  if (!list.length) {
    fill(out, message('empty', 'No one to rank here.'));
    return;
  }
  fill(
    out,
    h(
      'table',
      { class: 'people-table connectors' },
      h('caption', { class: 'visually-hidden' }, heading.textContent),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Person'), h('th', { scope: 'col' }, 'Betweenness'))),
      h(
        'tbody',
        {},
        list.map((s, i) =>
          h(
            'tr',
            {},
            h('td', {}, String(i + 1)),
            h('td', {}, personLine(s.person)),
            h('td', { class: 'betweenness' }, s.betweenness.toFixed(4), s.exact ? '' : ` ± ${s.errorBound}`),
          ),
        ),
      ),
    ),
  );
}
