// Pictures of people and ties, drawn with Cytoscape.js on a canvas: people coloured by the
// kind of their organisation, decision makers as stars, blockers as red octagons, ties as
// wide and dark as their trust (dashed where a partner sees only a band).

import cytoscape from '../lib/cytoscape.esm.min.mjs';
import { h, link, trustText } from './dom.js';

/** Colours by organisation kind; the legend and the picture use the same ones. */
export const KIND_COLORS = { OURS: '#2563eb', PARTNER: '#c2410c', CLIENT: '#15803d' };
const OTHER = '#6b7280';
const KIND_NAMES = { OURS: 'ours', PARTNER: 'partner', CLIENT: 'client' };

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      label: 'data(label)',
      'font-family': 'DejaVu Sans, Verdana, sans-serif',
      'font-size': 11,
      color: '#111827',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 120,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': 2,
      width: 26,
      height: 26,
    },
  },
  { selector: 'node.dm', style: { shape: 'star', width: 38, height: 38, 'border-width': 2, 'border-color': '#111827' } },
  { selector: 'node.blocker', style: { shape: 'octagon', 'border-width': 4, 'border-color': '#dc2626' } },
  { selector: 'node.endpoint', style: { 'font-weight': 'bold' } },
  {
    selector: 'edge',
    style: {
      width: 'mapData(trust, 0, 1, 1, 10)',
      'line-color': '#374151',
      opacity: 'mapData(trust, 0, 1, 0.35, 0.95)',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-family': 'DejaVu Sans, Verdana, sans-serif',
      'font-size': 10,
      color: '#111827',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 1,
      'text-background-padding': 1,
    },
  },
  { selector: 'edge.banded', style: { 'line-style': 'dashed' } },
  { selector: 'edge.on', style: { 'line-color': '#1d4ed8', opacity: 1 } },
  { selector: '.faded', style: { opacity: 0.18, 'text-opacity': 0.3 } },
];

function nodeData(p, extra = '') {
  const roles = p.roles || [];
  const classes = [extra];
  if (roles.includes('DECISION_MAKER')) classes.push('dm');
  if (roles.includes('BLOCKER')) classes.push('blocker');
  const kind = p.organization && p.organization.kind;
  return {
    group: 'nodes',
    data: { id: p.id, label: p.name, color: KIND_COLORS[kind] || OTHER },
    classes: classes.filter(Boolean).join(' '),
  };
}

function edgeID(a, b) {
  return a < b ? `${a}~${b}` : `${b}~${a}`;
}

/**
 * Draws people and ties into container. people: [{id, name, roles, organization {kind}}];
 * ties: [{a, b, trust (null when hidden), exact, band, classes}]; positions: {id: {x, y}}
 * for a preset layout, or null for a force-directed one; tieLabels: whether ties are captioned
 * with their trust. Returns the Cytoscape instance.
 */
export function draw(container, { people, ties, positions = null, endpoints = [], label = 'Picture', tieLabels = true }) {
  container.replaceChildren();
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  const elements = [];
  const seen = new Set();
  for (const p of people) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const n = nodeData(p, endpoints.includes(p.id) ? 'endpoint' : '');
    if (positions && positions[p.id]) n.position = positions[p.id];
    elements.push(n);
  }
  const edges = new Map();
  for (const t of ties) {
    if (!seen.has(t.a) || !seen.has(t.b)) continue;
    const id = edgeID(t.a, t.b);
    const prev = edges.get(id);
    if (prev) {
      prev.classes += ` ${t.classes || ''}`;
      continue;
    }
    const hidden = t.trust === null || t.trust === undefined;
    edges.set(id, {
      group: 'edges',
      data: {
        id,
        source: t.a,
        target: t.b,
        trust: hidden ? 0.3 : t.trust,
        label: hidden || !tieLabels ? '' : trustText(t.trust, t.exact !== false, t.band).replace(/ \(.*\)$/, ''),
      },
      classes: [t.exact === false || hidden ? 'banded' : '', t.classes || ''].join(' ').trim(),
    });
  }
  elements.push(...edges.values());
  const cy = cytoscape({
    container,
    elements,
    style: STYLE,
    layout: positions
      ? { name: 'preset', fit: true, padding: 40 }
      : {
          name: 'cose',
          animate: false,
          fit: true,
          padding: 30,
          randomize: false,
          idealEdgeLength: () => 110,
          nodeOverlap: 20,
          nodeRepulsion: () => 400000,
          edgeElasticity: () => 100,
          gravity: 80,
          numIter: 1000,
          componentSpacing: 100,
        },
    userZoomingEnabled: false,
    boxSelectionEnabled: false,
    minZoom: 0.2,
    maxZoom: 2,
  });
  // A person in the picture opens their view (the lists beside it have the same links for
  // keyboards and screen readers).
  cy.on('tap', 'node', (e) => {
    location.hash = link('person', { id: e.target.id() });
  });
  return cy;
}

/**
 * Draws routes (API Route objects) as lanes: the first route on the middle line, the others
 * on either side of it, every person where they first appear. Returns
 * {cy, highlight(i)}: highlight(i) brings route i forward and fades the others.
 */
export function drawRoutes(container, routes, label) {
  const people = [];
  const ties = [];
  const positions = {};
  const longest = Math.max(1, ...routes.map((r) => r.length));
  const width = 170 * longest;
  // On a narrow screen (a phone) the routes run down the picture instead of across it.
  const vertical = container.clientWidth > 0 && container.clientWidth < 520;
  routes.forEach((r, i) => {
    const lane = i === 0 ? 0 : (i % 2 ? -1 : 1) * Math.ceil(i / 2);
    r.people.forEach((p, j) => {
      people.push(p);
      const along = (j / Math.max(1, r.length)) * width;
      const across = lane * (vertical ? 130 : 95);
      if (!positions[p.id]) positions[p.id] = vertical ? { x: across, y: along * 0.6 } : { x: along, y: across };
    });
    for (const hop of r.hops) {
      ties.push({ a: hop.from.id, b: hop.to.id, trust: hop.trust, exact: hop.exact, band: hop.trustBand, classes: `r${i}` });
    }
  });
  const endpoints = routes.flatMap((r) => [r.people[0].id, r.people[r.people.length - 1].id]);
  const cy = draw(container, { people, ties, positions, endpoints, label });
  const highlight = (i) => {
    cy.batch(() => {
      cy.elements().removeClass('faded on');
      if (routes.length < 2) {
        cy.edges().addClass('on');
        return;
      }
      const ids = new Set(routes[i].people.map((p) => p.id));
      cy.nodes().forEach((n) => {
        if (!ids.has(n.id())) n.addClass('faded');
      });
      cy.edges().forEach((e) => {
        if (e.hasClass(`r${i}`)) e.addClass('on');
        else e.addClass('faded');
      });
    });
  };
  highlight(0);
  return { cy, highlight };
}

/** The legend: what the colours and shapes mean. */
export function legend() {
  const swatch = (color, text, shape = '') => {
    const s = h('span', { class: `swatch ${shape}`, 'aria-hidden': 'true' });
    if (color) s.style.backgroundColor = color;
    return h('li', {}, s, text);
  };
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    Object.entries(KIND_COLORS).map(([k, c]) => swatch(c, `${KIND_NAMES[k]} (${k})`)),
    swatch('', 'decision maker', 'star'),
    swatch('', 'blocker', 'octagon'),
    h('li', {}, h('span', { class: 'swatch tie', 'aria-hidden': 'true' }), 'tie: wider and darker = more trust; dashed = trust band only'),
  );
}
