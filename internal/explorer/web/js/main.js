// The Explorer's entry point: sign-in, the header, and a router from the address's hash
// (#/view?params, so that every view is a deep link) to the view modules.

import { token, setToken, claims, expired } from './graphql.js';
import { h, fill, message } from './dom.js';
import * as search from './search.js';
import * as route from './route.js';
import * as decision from './decision.js';
import * as org from './org.js';
import * as person from './person.js';
import * as swarm from './swarm.js';
import * as connectors from './connectors.js';
import * as cohesion from './cohesion.js';

const VIEWS = { search, route, 'decision-makers': decision, org, person, swarm, connectors, cohesion };

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const signin = document.getElementById('signin');
const tokenInput = document.getElementById('token');
const who = document.getElementById('who');
const whoText = document.getElementById('who-text');
let rendering = null; // aborts the previous view's requests when the address changes

function parse() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const at = hash.indexOf('?');
  const name = at < 0 ? hash : hash.slice(0, at);
  return { name: name || 'search', params: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)) };
}

function header() {
  const c = token() ? claims() : null;
  signin.hidden = !!c;
  who.hidden = !c;
  if (c) {
    const parts = [`Signed in as ${c.role || 'unknown role'}`];
    if (c.org) parts.push(`of ${c.org}`);
    if (c.sub) parts.push(`(${c.sub})`);
    whoText.textContent = parts.join(' ');
  }
  document.body.classList.toggle('partner', !!c && c.role === 'PARTNER');
}

function partnerNote() {
  const c = claims();
  if (!c || c.role !== 'PARTNER') return null;
  return h(
    'p',
    { class: 'msg msg-partner' },
    h('strong', {}, 'Partner view'),
    ` for ${c.org || 'your organisation'}: you see your own organisation and what is shared with it. Trust between people outside your organisation shows as a band.`,
  );
}

function signInPrompt() {
  return [
    h('h2', {}, 'Sign in'),
    h('p', {}, 'Paste your token into the Token box at the top and press Enter. The Explorer keeps it for this browser tab only.'),
    h('p', { class: 'muted' }, 'Running Ecograph locally? ', h('code', {}, 'make run'), ' prints a seller’s token and this page’s address.'),
  ];
}

async function show() {
  if (rendering) rendering.abort();
  rendering = new AbortController();
  const { signal } = rendering;
  const { name, params } = parse();
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  header();
  document.title = 'Ecograph Explorer';
  if (!token()) {
    fill(main, signInPrompt());
    return;
  }
  const view = VIEWS[name];
  if (!view) {
    fill(main, message('error', `There is no view “${name}”.`), h('p', {}, h('a', { href: '#/search' }, 'Go to search')));
    return;
  }
  const host = h('div', { class: 'view' });
  fill(main, partnerNote(), host);
  try {
    await view.render(host, params, { signal });
  } catch (err) {
    if (err.name !== 'AbortError') fill(host, message('error', `Something went wrong: ${err.message}`));
  }
}

signin.addEventListener('submit', (e) => {
  e.preventDefault();
  const t = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  tokenInput.value = '';
  const c = claims(t);
  if (!c) {
    fill(notice, message('error', 'That is not a token: a token (JWT) is three parts separated by dots.'));
    return;
  }
  if (expired(c)) {
    fill(notice, message('error', 'That token has expired. Ask for a new one (locally, `make run` prints one).'));
    return;
  }
  notice.replaceChildren();
  performance.mark('ecograph:signed-in'); // the browser tests time sign-in to picture
  setToken(t);
});

document.getElementById('signout').addEventListener('click', () => {
  setToken('');
  fill(notice, message('info', 'Signed out. The token is forgotten.'));
  tokenInput.focus();
});

window.addEventListener('ecograph:signed-out', (e) => fill(notice, message('error', e.detail)));
window.addEventListener('ecograph:token', show);
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) show();
});
show();
