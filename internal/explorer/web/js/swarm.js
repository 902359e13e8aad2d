// The swarm plan view: #/swarm?org=ORG (or ?account=ACCOUNT) with &minTrust=0.3. Who is who
// at a client institution, the suggested team and each member's targets, the gaps, the
// blockers and connectors, and the single points of failure (Query.swarmPlan). Without an
// institution it lists the client organisations the caller may see.

import { gql, doc } from './graphql.js';
import { h, fill, message, link, personLine, trustText } from './dom.js';

const P = 'id name title roles organization { id name kind }';

const PLAN = doc(`query ExplorerSwarmPlan($org: ID, $account: ID, $min: Float) {
  swarmPlan(organization: $org, account: $account, minRouteTrust: $min) {
    organization { id name }
    minRouteTrust
    peopleByRole { role people { ${P} } }
    gaps { ${P} }
    uncovered { ${P} }
    blockers { blocker { ${P} } guards { ${P} } trustedOurs { trust person { ${P} } } }
    connectors { connector { ${P} } decisionMakers { ${P} } ours { trust person { ${P} } } }
    team { person { ${P} } targets { trust exact person { ${P} } } }
    singlePointsOfFailure { person { ${P} } decisionMakers { ${P} } }
  }
}`);

const CLIENTS = doc(`query ExplorerSwarmClients {
  organizations(kind: CLIENT, first: 100) { edges { node { id name } } }
}`);

/** The minimum route trust from the link: a number in [0, 1], else the API's default. */
function minTrust(params) {
  const v = Number.parseFloat(params.get('minTrust') || '');
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : 0.3;
}

async function pick(main, signal) {
  const heading = h('h2', {}, 'Swarm plan');
  fill(main, heading, message('info', 'Loading…'));
  let orgs;
  try {
    orgs = (await gql(CLIENTS, {}, { signal })).organizations.edges.map((e) => e.node);
  } catch (err) {
    if (err.name !== 'AbortError') fill(main, heading, message('error', err.message));
    return;
  }
  fill(
    main,
    heading,
    h('p', {}, 'Pick a client institution to plan its swarm:'),
    orgs.length
      ? h('ul', { class: 'plain swarm-orgs' }, orgs.map((o) => h('li', {}, h('a', { href: link('swarm', { org: o.id }) }, o.name))))
      : message('empty', 'No client institution is visible to you.'),
  );
}

function people(list) {
  return list.length ? h('ul', { class: 'plain' }, list.map((p) => h('li', {}, personLine(p)))) : message('empty', 'None.');
}

function names(list) {
  return list.map((p, i) => [i ? ', ' : '', h('a', { class: 'person-name', href: link('person', { id: p.id }) }, p.name)]);
}

function ties(list) {
  if (!list.length) return 'nobody of ours';
  return list.map((t, i) => [i ? ', ' : '', h('a', { class: 'person-name', href: link('person', { id: t.person.id }) }, t.person.name), ` ${trustText(t.trust)}`]);
}

/** Renders the view into main. */
export async function render(main, params, { signal }) {
  const org = params.get('org') || '';
  const account = params.get('account') || '';
  if (!org && !account) return pick(main, signal);
  const min = minTrust(params);
  const heading = h('h2', {}, 'Swarm plan');
  fill(main, heading, message('info', 'Planning…'));
  let plan;
  try {
    plan = (await gql(PLAN, { org: org || null, account: account || null, min }, { signal })).swarmPlan;
  } catch (err) {
    if (err.name === 'AbortError') return;
    const text =
      err.code === 'NOT_FOUND'
        ? `No institution or account “${org || account}” is visible to you: the id is unknown, or it is not shared with your organisation.`
        : err.message;
    fill(main, heading, message('error', text), h('p', {}, h('a', { href: link('swarm') }, 'Pick another institution')));
    return;
  }
  heading.textContent = `Swarm plan for ${plan.organization.name}`;
  document.title = `Swarm plan · ${plan.organization.name} · Ecograph Explorer`;

  const input = h('input', { id: 'swarm-min', type: 'number', min: '0', max: '1', step: '0.05', value: String(min) });
  const form = h(
    'form',
    { class: 'query row inline' },
    h('div', { class: 'field' }, h('label', { for: 'swarm-min' }, 'Covered at route trust (0 to 1)'), input),
    h('button', { type: 'submit', class: 'primary' }, 'Plan'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link('swarm', { org: org || null, account: account || null, minTrust: input.value === '0.3' ? null : input.value });
  });

  const empty = !plan.peopleByRole.length && !plan.team.length;
  fill(
    main,
    heading,
    h(
      'p',
      { class: 'facts' },
      h('a', { href: link('org', { id: plan.organization.id }) }, plan.organization.name),
      ' · ',
      h('a', { href: link('decision-makers', { org: plan.organization.id }) }, 'routes to its decision makers'),
      ` · a target counts as covered at route trust ≥ ${plan.minRouteTrust}`,
    ),
    form,
    empty
      ? message('empty', 'Nothing to plan with: you see none of this institution’s people. For a partner, the account must be shared with your organisation at ROUTES.')
      : [
          h('section', { class: 'swarm-team' }, h('h3', {}, `Suggested team (${plan.team.length})`),
            plan.team.length
              ? h('ol', { class: 'team' }, plan.team.map((m) =>
                  h('li', { class: 'member' }, personLine(m.person),
                    h('ul', { class: 'targets' }, m.targets.map((t) =>
                      h('li', {}, h('a', { class: 'person-name', href: link('route', { from: m.person.id, to: t.person.id }) }, t.person.name),
                        ` ${trustText(t.trust, t.exact, t.exact ? '' : 'band floor')}`))))))
              : message('empty', 'No one of ours reaches a decision maker or influencer at this trust.')),
          h('section', { class: 'swarm-gaps' }, h('h3', {}, `Gaps: decision makers without a route (${plan.gaps.length})`), people(plan.gaps)),
          h('section', { class: 'swarm-uncovered' }, h('h3', {}, `Uncovered decision makers and influencers (${plan.uncovered.length})`), people(plan.uncovered)),
          h('section', { class: 'swarm-blockers' }, h('h3', {}, `Blockers (${plan.blockers.length})`),
            plan.blockers.length
              ? h('ul', { class: 'plain' }, plan.blockers.map((b) =>
                  h('li', {}, personLine(b.blocker), h('div', { class: 'muted' }, 'guards ', names(b.guards), '; trusts ', ties(b.trustedOurs)))))
              : message('empty', 'None.')),
          h('section', { class: 'swarm-connectors' }, h('h3', {}, `Connectors (${plan.connectors.length})`),
            plan.connectors.length
              ? h('ul', { class: 'plain' }, plan.connectors.map((c) =>
                  h('li', {}, personLine(c.connector), h('div', { class: 'muted' }, 'reaches ', names(c.decisionMakers), '; known by ', ties(c.ours)))))
              : message('empty', 'None.')),
          h('section', { class: 'swarm-spof' }, h('h3', {}, `Single points of failure (${plan.singlePointsOfFailure.length})`),
            plan.singlePointsOfFailure.length
              ? h('ul', { class: 'plain' }, plan.singlePointsOfFailure.map((c) =>
                  h('li', {}, personLine(c.person), h('div', { class: 'muted' }, 'holds ', names(c.decisionMakers)))))
              : message('empty', 'None: no one person holds a reached decision maker alone.')),
          h('section', { class: 'swarm-roles' }, h('h3', {}, 'Who is who'),
            h('ul', { class: 'plain' }, plan.peopleByRole.map((g) => h('li', {}, h('strong', {}, g.role.toLowerCase().replace('_', ' ')), ': ', names(g.people))))),
        ],
  );
}
