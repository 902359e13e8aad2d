// The person view (#/person?id=ID): who they are, where they work, and their ties that the
// caller may see, listed and drawn.

import { gql, doc } from './graphql.js';
import { h, fill, message, link, roles, trustText, whereabouts } from './dom.js';
import { draw, legend } from './draw.js';

const TIES = 50;

const QUERY = doc(`query ExplorerPerson($id: ID!) {
  person(id: $id) {
    id name title roles organization { id name kind } teams { id name }
    ties(first: ${TIES}) { edges { node { trust source person { id name title roles organization { id name kind } } } } }
  }
}`);

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const id = params.get('id') || '';
  const heading = h('h2', {}, 'Person');
  if (!id) {
    fill(main, heading, message('info', 'Find a person with the search first.'), h('p', {}, h('a', { href: link('search') }, 'Search')));
    return;
  }
  fill(main, heading, message('info', 'Loading…'));
  let p;
  try {
    p = (await gql(QUERY, { id }, { signal })).person;
  } catch (err) {
    if (err.name !== 'AbortError') fill(main, heading, message('error', err.message));
    return;
  }
  if (!p) {
    fill(main, heading, message('error', `Nothing with the id “${id}” is visible to you: it is unknown, or not shared with your organisation.`));
    return;
  }
  heading.textContent = p.name;
  document.title = `${p.name} · Ecograph Explorer`;
  const ties = p.ties.edges.map((e) => e.node);
  const graph = h('div', { class: 'graph' });
  fill(
    main,
    heading,
    h('p', { class: 'facts' }, whereabouts(p), ' ', roles(p)),
    p.teams.length ? h('p', { class: 'muted' }, `Teams: ${p.teams.map((t) => t.name).join(', ')}`) : null,
    h(
      'p',
      { class: 'actions' },
      h('a', { href: link('route', { from: p.id }) }, 'Routes from here'),
      h('a', { href: link('route', { to: p.id }) }, 'Routes to here'),
      p.organization.kind !== 'CLIENT' ? h('a', { href: link('decision-makers', { from: p.id }) }, 'Routes to decision makers') : null,
      h('a', { href: link('org', { id: p.organization.id }) }, p.organization.name),
    ),
    h('div', { class: 'picture' }, graph, legend()),
    h('h3', {}, `Ties (${ties.length}${ties.length === TIES ? ', the strongest' : ''})`),
    ties.length
      ? h(
          'table',
          { class: 'people-table' },
          h('caption', { class: 'visually-hidden' }, `${p.name}'s ties`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Person'), h('th', { scope: 'col' }, 'Works at'), h('th', { scope: 'col' }, 'Trust'), h('th', { scope: 'col' }, 'Evidence'))),
          h(
            'tbody',
            {},
            ties.map((t) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { class: 'person-name', href: link('person', { id: t.person.id }) }, t.person.name), ' ', roles(t.person)),
                h('td', {}, t.person.organization.name),
                h('td', {}, trustText(t.trust)),
                h('td', {}, t.source || ''),
              ),
            ),
          ),
        )
      : message('empty', 'No ties that you may see.'),
  );
  draw(graph, {
    people: [p, ...ties.map((t) => t.person)],
    ties: ties.map((t) => ({ a: p.id, b: t.person.id, trust: t.trust, exact: t.trust !== null })),
    endpoints: [p.id],
    label: `${p.name} and ${ties.length} people tied to them`,
  });
}
