// The search view (#/search?q=TEXT): people and organisations whose names contain the text,
// as you type. Each result links to the other views.

import { gql, doc } from './graphql.js';
import { h, fill, message, link, personLine, debounce } from './dom.js';

const PEOPLE = doc(`query ExplorerSearch($q: String!) {
  people(filter: {nameContains: $q}, first: 20) {
    pageInfo { hasNextPage }
    edges { node { id name title roles organization { id name kind } } }
  }
}`);

const ORGS = doc(`query ExplorerSearchOrganizations($after: String) {
  organizations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name kind sector } } }
}`);
const ORG_PAGES = 5; // organisations are matched in the page, among the first 500

async function allOrganizations(signal) {
  const out = [];
  let after = null;
  for (let i = 0; i < ORG_PAGES; i++) {
    const page = (await gql(ORGS, { after }, { signal })).organizations;
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return out;
}

// Matching ignores case and accents, as the API's nameContains does.
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const input = h('input', { id: 'search-q', type: 'search', autocomplete: 'off', spellcheck: 'false', value: params.get('q') || '' });
  const results = h('section', { class: 'result', 'aria-live': 'polite' });
  fill(
    main,
    h('h2', {}, 'Find people and organisations'),
    h(
      'form',
      { class: 'query', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field wide' }, h('label', { for: 'search-q' }, 'Name contains'), input),
    ),
    results,
  );

  let orgs = null;
  let seq = 0;
  const run = async () => {
    if (signal.aborted) return; // the reader has gone to another view
    const q = input.value.trim();
    // Keep the address a deep link to this search without adding a history entry per key.
    history.replaceState(null, '', link('search', { q }));
    const mine = ++seq;
    if (q.length < 2) {
      fill(results, message('info', 'Type at least two letters of a name.'));
      return;
    }
    try {
      if (!orgs) orgs = await allOrganizations(signal);
      const data = await gql(PEOPLE, { q }, { signal });
      if (mine !== seq) return; // a later keystroke's answer wins
      const people = data.people.edges.map((e) => e.node);
      const matching = orgs.filter((o) => fold(o.name).includes(fold(q)));
      if (!people.length && !matching.length) {
        fill(results, message('empty', `Nobody and no organisation you may see has “${q}” in their name.`));
        return;
      }
      fill(
        results,
        matching.length
          ? [h('h3', {}, 'Organisations'), h('ul', { class: 'plain' }, matching.map((o) => h('li', {}, h('a', { href: link('org', { id: o.id }) }, o.name), h('span', { class: 'muted' }, ` · ${o.kind.toLowerCase()}${o.sector ? ` · ${o.sector}` : ''}`))))]
          : null,
        people.length
          ? [
              h('h3', {}, `People${data.people.pageInfo.hasNextPage ? ' (first 20)' : ''}`),
              h(
                'ul',
                { class: 'plain people-results' },
                people.map((p) =>
                  h(
                    'li',
                    {},
                    personLine(p),
                    h(
                      'span',
                      { class: 'actions' },
                      h('a', { href: link('route', { from: p.id }), 'aria-label': `Routes from ${p.name}` }, 'routes from'),
                      h('a', { href: link('route', { to: p.id }), 'aria-label': `Routes to ${p.name}` }, 'routes to'),
                      p.organization.kind !== 'CLIENT'
                        ? h('a', { href: link('decision-makers', { from: p.id }), 'aria-label': `Routes from ${p.name} to decision makers` }, 'to decision makers')
                        : null,
                      h('a', { href: link('org', { id: p.organization.id }) }, p.organization.name),
                    ),
                  ),
                ),
              ),
            ]
          : null,
      );
    } catch (err) {
      if (err.name !== 'AbortError' && mine === seq) fill(results, message('error', err.message));
    }
  };
  input.addEventListener('input', debounce(run, 200));
  await run();
}
