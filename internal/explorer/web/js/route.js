// The route view (#/route?from=ID&to=ID&k=3&objective=...&minTrust=...&maxHops=...
// &avoidBlockers=...&avoid=ID,ID): the best route between two people and its alternatives,
// drawn and explained hop by hop. The options form and the route list are shared with the
// decision-makers view.

import { gql, ApiError, doc } from './graphql.js';
import { h, fill, message, link, personLine, trustText } from './dom.js';
import { personPicker } from './picker.js';
import { drawRoutes, legend } from './draw.js';

export const ROUTE_FIELDS = `
  trust length exact weakestTrust summary
  people { id name title roles organization { id name kind } }
  hops { from { id name } to { id name } trust trustBand exact source explanation }`;

const PERSON_FIELDS = 'id name title roles organization { id name kind }';

const QUERY = doc(`query ExplorerRoutes($from: ID!, $to: ID!, $k: Int!, $options: RouteOptions) {
  fromPerson: person(id: $from) { ${PERSON_FIELDS} }
  toPerson: person(id: $to) { ${PERSON_FIELDS} }
  trustedRoutes(from: $from, to: $to, k: $k, options: $options) { ${ROUTE_FIELDS} }
}`);

const DEFAULTS = { k: 3, objective: 'MOST_TRUSTED', minTrust: 0, maxHops: 6, avoidBlockers: true };

/** Route options from a deep link's parameters, with the API's defaults. */
export function readOptions(params) {
  const num = (k, lo, hi, def) => {
    const v = Number(params.get(k));
    return params.has(k) && params.get(k) !== '' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : def;
  };
  return {
    k: Math.round(num('k', 1, 10, DEFAULTS.k)),
    objective: params.get('objective') === 'FEWEST_HOPS' ? 'FEWEST_HOPS' : 'MOST_TRUSTED',
    minTrust: num('minTrust', 0, 1, DEFAULTS.minTrust),
    maxHops: Math.round(num('maxHops', 1, 10, DEFAULTS.maxHops)),
    avoidBlockers: params.get('avoidBlockers') !== 'false',
    avoid: (params.get('avoid') || '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** The RouteOptions input for the API. */
export function apiOptions(o) {
  const out = { objective: o.objective, minTrust: o.minTrust, maxHops: o.maxHops, avoidBlockers: o.avoidBlockers };
  if (o.avoid.length) out.avoid = o.avoid;
  return out;
}

/** Link parameters for options, leaving defaults out so that links stay short. */
export function optionParams(o) {
  return {
    k: o.k !== DEFAULTS.k ? o.k : null,
    objective: o.objective !== DEFAULTS.objective ? o.objective : null,
    minTrust: o.minTrust !== DEFAULTS.minTrust ? o.minTrust : null,
    maxHops: o.maxHops !== DEFAULTS.maxHops ? o.maxHops : null,
    avoidBlockers: o.avoidBlockers ? null : 'false',
    avoid: o.avoid,
  };
}

let ids = 0;
function field(label, control) {
  const id = control.id || `f-${++ids}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/**
 * The options controls (objective, k, minimum trust, maximum hops, avoid blockers, avoid
 * people). Returns {el, read()}; read() gives options like readOptions.
 */
export function optionsControls(o, names = {}) {
  const objective = h(
    'select',
    { name: 'objective' },
    h('option', { value: 'MOST_TRUSTED', selected: o.objective === 'MOST_TRUSTED' }, 'Most trusted'),
    h('option', { value: 'FEWEST_HOPS', selected: o.objective === 'FEWEST_HOPS' }, 'Fewest hops'),
  );
  const k = h('input', { type: 'number', name: 'k', min: 1, max: 10, step: 1, value: o.k });
  const minTrust = h('input', { type: 'number', name: 'minTrust', min: 0, max: 1, step: 0.05, value: o.minTrust });
  const maxHops = h('input', { type: 'number', name: 'maxHops', min: 1, max: 10, step: 1, value: o.maxHops });
  const blockersID = `f-${++ids}`;
  const blockers = h('input', { type: 'checkbox', id: blockersID, name: 'avoidBlockers', checked: o.avoidBlockers });
  const avoid = [...o.avoid];
  const chips = h('ul', { class: 'chips', 'aria-label': 'People to avoid' });
  const showChips = () =>
    fill(
      chips,
      avoid.map((id) =>
        h('li', {}, names[id] || id, ' ', h('button', { type: 'button', class: 'chip-x', 'aria-label': `Stop avoiding ${names[id] || id}`, onclick: () => { avoid.splice(avoid.indexOf(id), 1); showChips(); } }, '×')),
      ),
    );
  const avoidPicker = personPicker('Avoid people', {
    name: 'avoidPerson',
    onPick: (p) => {
      if (!avoid.includes(p.id)) avoid.push(p.id);
      names[p.id] = p.name;
      avoidPicker.input.value = '';
      showChips();
    },
  });
  showChips();
  // Folded away while the defaults hold; the summary says what is in force either way.
  const summary = [
    o.objective === 'FEWEST_HOPS' ? 'fewest hops' : 'most trusted',
    `${o.k} route${o.k === 1 ? '' : 's'}`,
    o.minTrust > 0 ? `trust ≥ ${o.minTrust} per hop` : null,
    `at most ${o.maxHops} hops`,
    o.avoidBlockers ? 'around blockers' : 'blockers allowed',
    o.avoid.length ? `avoiding ${o.avoid.length}` : null,
  ].filter(Boolean);
  const el = h(
    'details',
    { class: 'options-box', open: Object.values(optionParams(o)).some((v) => v !== null && !(Array.isArray(v) && !v.length)) },
    h('summary', {}, `Options: ${summary.join(', ')}`),
    h(
      'fieldset',
      { class: 'options' },
      h('legend', { class: 'visually-hidden' }, 'Options'),
      field('Objective', objective),
      field('Alternatives (k)', k),
      field('Minimum trust per hop', minTrust),
      field('Maximum hops', maxHops),
      h('div', { class: 'field check' }, blockers, h('label', { for: blockersID }, 'Avoid blockers as intermediates')),
      h('div', { class: 'avoid' }, avoidPicker.el, chips),
    ),
  );
  return {
    el,
    read: () =>
      readOptions(
        new URLSearchParams({
          k: k.value,
          objective: objective.value,
          minTrust: minTrust.value,
          maxHops: maxHops.value,
          avoidBlockers: String(blockers.checked),
          avoid: avoid.join(','),
        }),
      ),
  };
}

// A route's trust to four significant digits, as STORIES.md writes them (0.612, 0.5508).
function routeTrust(t) {
  return String(Number(t.toPrecision(4)));
}

/** Draws routes and lists them, each explained hop by hop. title names the picture. */
export function showRoutes(container, routes, title) {
  const graph = h('div', { class: 'graph' });
  const cards = h('ol', { class: 'routes' });
  fill(container, h('div', { class: 'picture' }, graph, legend()), cards);
  const banded = routes.some((r) => !r.exact);
  if (banded) {
    container.prepend(
      message('info', 'Some trust values are private to Ecograph’s owner: those hops show a band (strong ≥ 0.7, moderate ≥ 0.4, weak) and the route’s trust is computed from the bands’ floors.'),
    );
  }
  const { highlight } = drawRoutes(graph, routes, `${title}: ${routes.map((r) => r.people.map((p) => p.name).join(' → ')).join('; ')}`);
  const buttons = [];
  routes.forEach((r, i) => {
    const button = h('button', { type: 'button', class: 'route-pick', 'aria-pressed': i === 0 ? 'true' : 'false' }, i === 0 ? 'Best route' : `Alternative ${i}`);
    button.addEventListener('click', () => {
      buttons.forEach((b, j) => b.setAttribute('aria-pressed', String(j === i)));
      highlight(i);
    });
    buttons.push(button);
    cards.append(
      h(
        'li',
        { class: 'route', 'data-index': i },
        h('h3', {}, button, ' ', h('span', { class: 'route-stats' }, `trust ${routeTrust(r.trust)}${r.exact ? '' : ' (from bands)'} · ${r.length} hop${r.length === 1 ? '' : 's'} · weakest hop ${trustText(r.weakestTrust, true)}`)),
        h('ol', { class: 'people', 'aria-label': 'People on this route' }, r.people.map((p) => h('li', { class: 'person' }, personLine(p)))),
        h(
          'ol',
          { class: 'hops', 'aria-label': 'Hops, explained' },
          r.hops.map((hop) =>
            h(
              'li',
              { class: 'hop' },
              h('span', { class: 'hop-who' }, `${hop.from.name} → ${hop.to.name}`),
              ' ',
              h('span', { class: `trust ${hop.exact ? '' : 'banded'}` }, `trust ${trustText(hop.trust, hop.exact, hop.trustBand)}`),
              hop.source ? h('span', { class: 'evidence' }, ` · evidence: ${hop.source}`) : null,
              h('p', { class: 'explanation' }, hop.explanation),
            ),
          ),
        ),
      ),
    );
  });
}

/** Says which id of a NOT_FOUND answer is unknown (or hidden from the caller): from the
 * answer's data where the query asked for the person, else from the error's message. */
export function notFound(err, checks) {
  let missing = checks.filter(([key]) => err.data && err.data[key] === null).map(([, id]) => id);
  if (!missing.length) missing = checks.map(([, id]) => id).filter((id) => err.message.includes(`"${id}"`));
  const who = missing.length ? missing.map((id) => `“${id}”`).join(' and ') : 'you asked for';
  return message('error', `Nothing with the id ${who} is visible to you: it is unknown, or not shared with your organisation.`);
}

/** Renders the route view into main. */
export async function render(main, params, { signal }) {
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const opts = readOptions(params);
  const fromPicker = personPicker('From', { name: 'from', initial: from, required: true });
  const toPicker = personPicker('To', { name: 'to', initial: to, required: true });
  const controls = optionsControls(opts);
  const result = h('section', { class: 'result', 'aria-live': 'polite', 'aria-busy': 'false' });
  const heading = h('h2', {}, 'Trusted route');
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Route search' },
    h('div', { class: 'row' }, fromPicker.el, toPicker.el),
    controls.el,
    h('button', { type: 'submit', class: 'primary' }, 'Find routes'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = fromPicker.value();
    const t = toPicker.value();
    if (!f || !t) {
      fill(result, message('error', 'Choose both people: type part of a name and pick from the list, or type an id.'));
      return;
    }
    location.hash = link('route', { from: f, to: t, ...optionParams(controls.read()) });
  });
  fill(main, heading, form, result);
  if (!from || !to) {
    fill(result, message('info', 'Choose two people to see the most trusted routes between them.'));
    return;
  }
  result.setAttribute('aria-busy', 'true');
  fill(result, message('info', 'Searching routes…'));
  let data;
  try {
    data = await gql(QUERY, { from, to, k: opts.k, options: apiOptions(opts) }, { signal });
  } catch (err) {
    if (err.name === 'AbortError') return;
    result.setAttribute('aria-busy', 'false');
    if (err instanceof ApiError && err.code === 'NOT_FOUND') {
      fill(result, notFound(err, [['fromPerson', from], ['toPerson', to]]));
    } else {
      fill(result, message('error', err.message));
    }
    return;
  }
  result.setAttribute('aria-busy', 'false');
  const a = data.fromPerson;
  const b = data.toPerson;
  fromPicker.set(a);
  toPicker.set(b);
  heading.textContent = `Trusted routes from ${a.name} to ${b.name}`;
  document.title = `${a.name} → ${b.name} · Ecograph Explorer`;
  const routes = data.trustedRoutes;
  if (!routes.length) {
    fill(
      result,
      message('empty', `No route from ${a.name} to ${b.name} meets these options.`),
      h('p', {}, opts.avoidBlockers ? 'Try allowing blockers, ' : 'Try ', 'a lower minimum trust or more hops.'),
    );
    return;
  }
  showRoutes(result, routes, `Routes from ${a.name} to ${b.name}`);
  performance.mark('ecograph:route-drawn');
}
