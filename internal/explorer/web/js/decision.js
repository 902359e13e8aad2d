// The decision-makers view (#/decision-makers?org=ORG&from=ID or &team=TEAM, plus the route
// options): the best routes from a person, or from anyone in a team, to the decision makers
// of an institution, one route per decision maker.

import { gql, ApiError, doc } from './graphql.js';
import { h, fill, message, link } from './dom.js';
import { personPicker } from './picker.js';
import { readOptions, apiOptions, optionParams, optionsControls, showRoutes, notFound, ROUTE_FIELDS } from './route.js';

// The first 100 of each kind fill the pickers; a deep link to one beyond them still works
// (its option is added from the answer).
const ORGS = doc(`query ExplorerOrgs {
  clients: organizations(kind: CLIENT, first: 100) { edges { node { id name kind } } }
  ours: organizations(kind: OURS, first: 100) { edges { node { id name kind teams { id name } } } }
  partners: organizations(kind: PARTNER, first: 100) { edges { node { id name kind teams { id name } } } }
}`);

const FROM_PERSON = doc(`query ExplorerPersonToDecisionMakers($from: ID!, $org: ID!, $k: Int!, $options: RouteOptions) {
  person(id: $from) { id name }
  organization(id: $org) { id name }
  routes: routesToDecisionMakers(from: $from, organization: $org, k: $k, options: $options) { ${ROUTE_FIELDS} }
}`);

const FROM_TEAM = doc(`query ExplorerTeamToDecisionMakers($team: ID!, $org: ID!, $k: Int!, $options: RouteOptions) {
  team(id: $team) { id name }
  organization(id: $org) { id name }
  routes: teamRoutesToDecisionMakers(team: $team, organization: $org, k: $k, options: $options) { ${ROUTE_FIELDS} }
}`);

let n = 0;

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const org = params.get('org') || '';
  const from = params.get('from') || '';
  const team = params.get('team') || '';
  const opts = readOptions(params);
  const heading = h('h2', {}, 'Routes to decision makers');
  const result = h('section', { class: 'result', 'aria-live': 'polite' });
  fill(main, heading, message('info', 'Loading organisations…'));

  let orgs = [];
  try {
    const data = await gql(ORGS, {}, { signal });
    orgs = [...data.ours.edges, ...data.partners.edges, ...data.clients.edges].map((e) => ({ teams: [], ...e.node }));
  } catch (err) {
    if (err.name !== 'AbortError') fill(main, heading, message('error', err.message));
    return;
  }

  const mode = team ? 'team' : 'person';
  const radio = (value, text) => {
    const id = `dm-mode-${value}-${++n}`;
    return h('span', { class: 'radio' }, h('input', { type: 'radio', name: 'mode', id, value, checked: mode === value }), h('label', { for: id }, text));
  };
  const picker = personPicker('Person', { name: 'from', initial: from });
  const teamID = `dm-team-${++n}`;
  const teams = h(
    'select',
    { id: teamID, name: 'team' },
    h('option', { value: '' }, 'Choose a team'),
    orgs
      .filter((o) => o.teams.length)
      .map((o) => h('optgroup', { label: o.name }, o.teams.map((t) => h('option', { value: t.id, selected: t.id === team }, t.name)))),
  );
  const teamField = h('div', { class: 'field' }, h('label', { for: teamID }, 'Team'), teams);
  const orgID = `dm-org-${++n}`;
  const institutions = h(
    'select',
    { id: orgID, name: 'org', required: true },
    h('option', { value: '' }, 'Choose an institution'),
    orgs.filter((o) => o.kind === 'CLIENT').map((o) => h('option', { value: o.id, selected: o.id === org }, o.name)),
  );
  const controls = optionsControls(opts);
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Routes to decision makers' },
    h('fieldset', { class: 'mode' }, h('legend', {}, 'Start from'), radio('person', 'a person'), radio('team', 'anyone in a team')),
    h('div', { class: 'row' }, picker.el, teamField, h('div', { class: 'field' }, h('label', { for: orgID }, 'Institution'), institutions)),
    controls.el,
    h('button', { type: 'submit', class: 'primary' }, 'Find routes'),
  );
  const showMode = () => {
    const m = form.querySelector('input[name=mode]:checked').value;
    picker.el.hidden = m !== 'person';
    teamField.hidden = m !== 'team';
  };
  form.addEventListener('change', showMode);
  showMode();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const m = form.querySelector('input[name=mode]:checked').value;
    const start = m === 'person' ? { from: picker.value() } : { team: teams.value };
    if (!institutions.value || !Object.values(start)[0]) {
      fill(result, message('error', `Choose ${m === 'person' ? 'a person' : 'a team'} and an institution.`));
      return;
    }
    location.hash = link('decision-makers', { org: institutions.value, ...start, ...optionParams(controls.read()) });
  });
  fill(main, heading, form, result);

  if (!org || (!from && !team)) {
    fill(result, message('info', 'Choose where to start and an institution to see the best routes to each of its decision makers.'));
    return;
  }
  fill(result, message('info', 'Searching routes…'));
  let data;
  try {
    const vars = { org, k: opts.k, options: apiOptions(opts) };
    data = team ? await gql(FROM_TEAM, { ...vars, team }, { signal }) : await gql(FROM_PERSON, { ...vars, from }, { signal });
  } catch (err) {
    if (err.name === 'AbortError') return;
    if (err instanceof ApiError && err.code === 'NOT_FOUND') {
      fill(result, notFound(err, [[team ? 'team' : 'person', team || from], ['organization', org]]));
    } else {
      fill(result, message('error', err.message));
    }
    return;
  }
  const start = team ? data.team : data.person;
  if (!team) picker.set(start);
  ensureOption(institutions, data.organization);
  if (team) ensureOption(teams, data.team);
  heading.textContent = `Routes from ${start.name} to the decision makers of ${data.organization.name}`;
  if (!data.routes.length) {
    fill(result, message('empty', `No route from ${start.name} reaches a decision maker of ${data.organization.name} under these options.`));
    return;
  }
  showRoutes(result, data.routes, `Routes to the decision makers of ${data.organization.name}`);
}

// ensureOption selects item ({id, name}) in select, adding it when the list lacks it.
function ensureOption(select, item) {
  if (![...select.options].some((o) => o.value === item.id)) select.append(h('option', { value: item.id }, item.name));
  select.value = item.id;
}
