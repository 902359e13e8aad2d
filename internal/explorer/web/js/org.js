// The organisation view: #/org lists the organisations the caller may see; #/org?id=ORG
// shows one organisation's people and the ties among them (&ext=1 adds their ties to people
// of other organisations).

import { gql, ApiError, doc } from './graphql.js';
import { h, fill, message, link, roles, trustText } from './dom.js';
import { draw, legend } from './draw.js';

const LIST = doc(`query ExplorerOrganizations($after: String) {
  organizations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name kind sector } } }
}`);

const PAGE = 50; // people per request, each with up to TIES ties: within the complexity limit
const TIES = 20;
const MAX_PAGES = 6;

const ORG = doc(`query ExplorerOrganization($id: ID!, $after: String) {
  organization(id: $id) {
    id name kind sector
    teams { id name }
    people(first: ${PAGE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        id name title roles organization { id name kind } teams { id name }
        ties(first: ${TIES}) { edges { node { trust source person { id name title roles organization { id name kind } } } } }
      } }
    }
  }
}`);

const KIND_TITLES = { OURS: 'Ours', PARTNER: 'Partners', CLIENT: 'Clients' };

async function list(main, signal) {
  const heading = h('h2', {}, 'Organisations');
  const sections = h('div', {});
  const more = h('button', { type: 'button', hidden: true }, 'More organisations');
  fill(main, heading, sections, more);
  const orgs = [];
  let after = null;
  const load = async () => {
    let page;
    try {
      page = (await gql(LIST, { after }, { signal })).organizations;
    } catch (err) {
      if (err.name !== 'AbortError') fill(sections, message('error', err.message));
      return;
    }
    orgs.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    fill(
      sections,
      Object.entries(KIND_TITLES).map(([kind, title]) => {
        const of = orgs.filter((o) => o.kind === kind);
        if (!of.length) return null;
        return h(
          'section',
          { class: 'org-kind' },
          h('h3', {}, title),
          h('ul', { class: 'plain' }, of.map((o) => h('li', {}, h('a', { href: link('org', { id: o.id }) }, o.name), o.sector ? h('span', { class: 'muted' }, ` · ${o.sector}`) : null))),
        );
      }),
    );
  };
  more.addEventListener('click', load);
  fill(sections, message('info', 'Loading…'));
  await load();
}

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const id = params.get('id');
  if (!id) return list(main, signal);
  const ext = params.get('ext') === '1';
  const heading = h('h2', {}, 'Organisation');
  fill(main, heading, message('info', 'Loading people and ties…'));

  let org = null;
  const people = [];
  let more = false;
  try {
    let after = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await gql(ORG, { id, after }, { signal });
      if (!data.organization) break;
      org = data.organization;
      people.push(...org.people.edges.map((e) => e.node));
      more = org.people.pageInfo.hasNextPage;
      if (!more) break;
      after = org.people.pageInfo.endCursor;
    }
  } catch (err) {
    if (err.name === 'AbortError') return;
    // A large organisation can outrun the caller's rate limit: show the pages we have.
    if (!(err instanceof ApiError && err.code === 'RATE_LIMITED' && people.length)) {
      fill(main, heading, message('error', err.message));
      return;
    }
    more = true;
  }
  if (!org) {
    fill(main, heading, message('error', `No organisation “${id}” is visible to you: the id is unknown, or it is not shared with your organisation.`));
    return;
  }
  heading.textContent = org.name;
  document.title = `${org.name} · Ecograph Explorer`;

  const members = new Set(people.map((p) => p.id));
  const drawn = [...people];
  const ties = [];
  let external = 0;
  for (const p of people) {
    for (const { node: t } of p.ties.edges) {
      const inside = members.has(t.person.id);
      if (!inside) external++;
      if (!inside && !ext) continue;
      if (!inside) drawn.push(t.person);
      ties.push({ a: p.id, b: t.person.id, trust: t.trust, exact: t.trust !== null });
    }
  }

  const toggleID = 'org-ext';
  const toggle = h('input', { type: 'checkbox', id: toggleID, checked: ext });
  toggle.addEventListener('change', () => {
    location.hash = link('org', { id, ext: toggle.checked ? '1' : null });
  });
  const graph = h('div', { class: 'graph graph-tall' });
  fill(
    main,
    heading,
    h(
      'p',
      { class: 'facts' },
      h('span', { class: `badge kind-${org.kind}` }, org.kind),
      org.sector ? ` ${org.sector}` : '',
      ` · ${people.length}${more ? '+' : ''} people${more ? ` (the first ${people.length} are shown)` : ''}`,
      org.teams.length ? ` · teams: ${org.teams.map((t) => t.name).join(', ')}` : '',
    ),
    h(
      'p',
      { class: 'actions' },
      org.kind === 'CLIENT' ? h('a', { href: link('decision-makers', { org: id }) }, `Routes to the decision makers of ${org.name}`) : null,
      org.kind === 'CLIENT' ? h('a', { href: link('swarm', { org: id }) }, 'Swarm plan') : null,
      h('a', { href: link('connectors', { org: id }) }, 'Connectors'),
      org.teams.map((t) => h('a', { href: link('cohesion', { team: t.id }) }, `Cohesion of ${t.name}`)),
    ),
    h('div', { class: 'field check' }, toggle, h('label', { for: toggleID }, `Include ties to people of other organisations (${external})`)),
    h('div', { class: 'picture' }, graph, legend()),
    h('p', { class: 'muted' }, `Each person’s ${TIES} strongest ties that you may see are drawn.`),
    peopleTable(people, members),
  );
  draw(graph, { people: drawn, ties, tieLabels: false, label: `${org.name}: ${people.length} people and ${ties.length} ties` });
}

function peopleTable(people, members) {
  return h(
    'table',
    { class: 'people-table' },
    h('caption', { class: 'visually-hidden' }, 'People'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Person'), h('th', { scope: 'col' }, 'Teams'), h('th', { scope: 'col' }, 'Strongest ties'), h('th', { scope: 'col' }, 'Routes'))),
    h(
      'tbody',
      {},
      people.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { class: 'person-name', href: link('person', { id: p.id }) }, p.name), h('br'), h('span', { class: 'muted' }, p.title || ''), ' ', roles(p)),
          h('td', {}, p.teams.map((t) => t.name).join(', ')),
          h(
            'td',
            {},
            p.ties.edges.slice(0, 3).map(({ node: t }) =>
              h('div', { class: members.has(t.person.id) ? '' : 'external' }, `${t.person.name} ${trustText(t.trust)}`),
            ),
          ),
          h(
            'td',
            {},
            h('a', { href: link('route', { from: p.id }), 'aria-label': `Routes from ${p.name}` }, 'from'),
            ' · ',
            h('a', { href: link('route', { to: p.id }), 'aria-label': `Routes to ${p.name}` }, 'to'),
          ),
        ),
      ),
    ),
  );
}
