// Small DOM helpers the views share. Elements are built from data, never from HTML strings,
// so names and titles can hold anything.

/** h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces el's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A message box: kind is info, error or empty. */
export function message(kind, text, ...more) {
  return h('p', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : null }, text, ...more);
}

/** Builds a deep link: link('route', {from: 'a', to: 'b'}) -> '#/route?from=a&to=b'. */
export function link(view, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

const ROLE_NAMES = {
  DECISION_MAKER: 'decision maker',
  INFLUENCER: 'influencer',
  INFORMATION_PROVIDER: 'information provider',
  CONNECTOR: 'connector',
  BLOCKER: 'blocker',
  EXPERT: 'expert',
  CHAMPION: 'champion',
};

/** Role badges for a person. */
export function roles(person) {
  return (person.roles || []).map((r) => h('span', { class: `badge role-${r}` }, ROLE_NAMES[r] || r));
}

/** "Title · Organisation" for a person. */
export function whereabouts(person) {
  return [person.title, person.organization && person.organization.name].filter(Boolean).join(' · ');
}

/** A person as a line: name (as text the tests and screen readers read, linking to the
 * person's view), then where they work. */
export function personLine(person) {
  return [
    h('a', { class: 'person-name', href: link('person', { id: person.id }) }, person.name),
    ' ',
    h('span', { class: 'muted' }, whereabouts(person)),
    ' ',
    roles(person),
  ];
}

/** Trust as people read it: two decimals, or the band where the API shows a band. */
export function trustText(trust, exact = true, band = '') {
  if (trust === null || trust === undefined) return 'hidden';
  if (!exact) return `${band || 'banded'} (≥ ${trust.toFixed(1)})`;
  return trust.toFixed(trust > 0 && trust < 0.01 ? 4 : 2);
}

/** Debounces fn by ms. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
