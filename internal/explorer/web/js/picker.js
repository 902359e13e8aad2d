// A person picker: a labelled text box that looks people up by name as you type and keeps
// the chosen person's id. Typing an id (such as p-anna-keller) works too.

import { gql, doc } from './graphql.js';
import { h, debounce, whereabouts } from './dom.js';

const FIND = doc(`query ExplorerPick($q: String!) {
  people(filter: {nameContains: $q}, first: 8) {
    edges { node { id name title organization { id name kind } } }
  }
}`);

let counter = 0;

/**
 * Returns {el, value(), set(person)}. label is the visible label; initial is an id or a
 * person ({id, name, ...}); onPick(person) runs when a person is chosen from the list.
 */
export function personPicker(label, { name, initial = '', onPick = null, required = false } = {}) {
  const id = `pick-${++counter}`;
  let chosen = typeof initial === 'object' && initial ? initial.id : initial || '';
  const input = h('input', {
    id,
    name,
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    required,
    placeholder: 'name or id',
    'aria-describedby': `${id}-hint`,
    value: typeof initial === 'object' && initial ? initial.name : initial || '',
  });
  const list = h('ul', { class: 'suggestions', id: `${id}-list`, 'aria-label': `Matches for ${label}` });
  const hint = h('span', { class: 'visually-hidden', id: `${id}-hint` }, 'Type part of a name; matches are listed below (arrow down to reach them).');
  let last = '';

  const pick = (p) => {
    chosen = p.id;
    input.value = p.name;
    input.dataset.id = p.id;
    list.replaceChildren();
    if (onPick) onPick(p);
  };

  const lookup = debounce(async () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    try {
      const data = await gql(FIND, { q });
      if (input.value.trim() !== q) return;
      list.replaceChildren(
        ...data.people.edges.map(({ node: p }) =>
          h('li', {}, h('button', { type: 'button', class: 'linklike', onclick: () => pick(p) }, p.name, h('span', { class: 'muted' }, ` ${whereabouts(p)}`))),
        ),
      );
    } catch {
      list.replaceChildren(); // the view shows API errors; suggestions just stay empty
    }
  }, 200);

  // Arrow keys move between the box and its matches; Escape closes the list.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && list.querySelector('button')) {
      e.preventDefault();
      list.querySelector('button').focus();
    } else if (e.key === 'Escape') {
      list.replaceChildren();
    }
  });
  list.addEventListener('keydown', (e) => {
    const buttons = [...list.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = at + (e.key === 'ArrowDown' ? 1 : -1);
      (next < 0 ? input : buttons[Math.min(next, buttons.length - 1)]).focus();
    } else if (e.key === 'Escape') {
      list.replaceChildren();
      input.focus();
    }
  });
  input.addEventListener('input', () => {
    chosen = '';
    delete input.dataset.id;
    lookup();
  });
  if (chosen) input.dataset.id = chosen;

  const el = h('div', { class: 'field picker' }, h('label', { for: id }, label), input, hint, list);
  return {
    el,
    input,
    /** The chosen id: the picked person's, or what was typed when it looks like an id. */
    value() {
      if (chosen) return chosen;
      const v = input.value.trim();
      return /\s/.test(v) ? '' : v;
    },
    set(p) {
      chosen = p.id;
      input.value = p.name;
      input.dataset.id = p.id;
    },
  };
}
