// The team cohesion view: #/cohesion?team=TEAM shows how tightly a team is knit
// (Query.teamCohesion) and its maturity stage with the next steps (Query.teamMaturity).
// Without a team it lists the teams of the organisations the caller may see. A partner sees
// its own organisation's teams only; the view says so.

import { gql, claims, doc } from './graphql.js';
import { h, fill, message, link, personLine } from './dom.js';

const TEAMS = doc(`query ExplorerTeams {
  organizations(first: 100) { edges { node { id name teams { id name } } } }
}`);

const QUERY = doc(`query ExplorerCohesion($team: ID!) {
  team(id: $team) { id name organization { id name } }
  teamCohesion(team: $team) { density averageTrust reciprocity members ties answers isolates { id name title roles organization { id name kind } } }
  teamMaturity(team: $team) { stage nextSteps }
}`);

const STAGES = { PISTOL: 'individual selling', COLLABORATIVE: 'collaborative', ECOSYSTEM_READY: 'ecosystem ready' };

async function pick(main, signal) {
  const heading = h('h2', {}, 'Team cohesion');
  fill(main, heading, message('info', 'Loading…'));
  let orgs;
  try {
    orgs = (await gql(TEAMS, {}, { signal })).organizations.edges.map((e) => e.node).filter((o) => o.teams.length);
  } catch (err) {
    if (err.name !== 'AbortError') fill(main, heading, message('error', err.message));
    return;
  }
  const c = claims();
  fill(
    main,
    heading,
    h('p', {}, 'Pick a team:'),
    c && c.role === 'PARTNER' ? h('p', { class: 'muted' }, 'As a partner you may see the cohesion of your own organisation’s teams.') : null,
    orgs.length
      ? orgs.map((o) => h('section', { class: 'org-teams' }, h('h3', {}, o.name),
          h('ul', { class: 'plain' }, o.teams.map((t) => h('li', {}, h('a', { href: link('cohesion', { team: t.id }) }, t.name))))))
      : message('empty', 'No team is visible to you.'),
  );
}

function pct(v) {
  return v === null || v === undefined ? 'none (no survey answers between members)' : `${(v * 100).toFixed(0)} %`;
}

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const id = params.get('team') || '';
  if (!id) return pick(main, signal);
  const heading = h('h2', {}, 'Team cohesion');
  fill(main, heading, message('info', 'Loading…'));
  let data;
  try {
    data = await gql(QUERY, { team: id }, { signal });
  } catch (err) {
    if (err.name === 'AbortError') return;
    const c = claims();
    const text =
      err.code === 'NOT_FOUND'
        ? `No team “${id}” is visible to you${c && c.role === 'PARTNER' ? ': as a partner you may see the cohesion of your own organisation’s teams only' : ''}.`
        : err.message;
    fill(main, heading, message('error', text), h('p', {}, h('a', { href: link('cohesion') }, 'Pick another team')));
    return;
  }
  const { team, teamCohesion: co, teamMaturity: m } = data;
  heading.textContent = `Cohesion of ${team.name}`;
  document.title = `${heading.textContent} · Ecograph Explorer`;
  const row = (label, value, cls) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: cls }, value));
  fill(
    main,
    heading,
    h('p', { class: 'facts' }, h('a', { href: link('org', { id: team.organization.id }) }, team.organization.name), ` · ${co.members} members`),
    h(
      'table',
      { class: 'people-table cohesion' },
      h('caption', { class: 'visually-hidden' }, heading.textContent),
      h(
        'tbody',
        {},
        row('Density (ties among members over all pairs)', `${co.density.toFixed(3)} (${co.ties} ties)`, 'density'),
        row('Average trust of those ties', co.averageTrust.toFixed(3), 'average-trust'),
        row('Reciprocity of survey answers', `${pct(co.reciprocity)}${co.answers ? ` of ${co.answers}` : ''}`, 'reciprocity'),
        row('Maturity', STAGES[m.stage] || m.stage, 'stage'),
      ),
    ),
    h('h3', {}, `Isolates (${co.isolates.length})`),
    co.isolates.length ? h('ul', { class: 'plain isolates' }, co.isolates.map((p) => h('li', {}, personLine(p)))) : message('empty', 'None: every member has a tie to another member.'),
    m.nextSteps.length ? [h('h3', {}, 'Next steps'), h('ul', { class: 'next-steps' }, m.nextSteps.map((s) => h('li', {}, s)))] : null,
  );
}
