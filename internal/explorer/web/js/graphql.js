// The one place the Explorer talks to the API. It keeps the caller's token for this browser
// tab only (sessionStorage), sends it with every request, and turns every failure into an
// ApiError whose message a person can act on.

const KEY = 'ecograph.token';
const ENDPOINT = new URL('../graphql', document.baseURI).href;

/** An API failure: `code` is the GraphQL error's extensions.code (or UNAUTHENTICATED,
 * NETWORK, HTTP_<status>), `message` is for people. */
export class ApiError extends Error {
  constructor(code, message, data = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.data = data; // what the API answered besides the error, if anything
  }
}

/** The stored token, or ''. */
export function token() {
  return sessionStorage.getItem(KEY) || '';
}

/** Keeps a token for this tab; '' forgets it. */
export function setToken(t) {
  const v = (t || '').trim().replace(/^Bearer\s+/i, '');
  if (v) sessionStorage.setItem(KEY, v);
  else sessionStorage.removeItem(KEY);
  window.dispatchEvent(new CustomEvent('ecograph:token'));
}

/** The token's claims, decoded but not verified (the API verifies); null when there is no
 * token or it is not a JWT. For display only: role, organisation, expiry. */
export function claims(t = token()) {
  const part = t.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const c = JSON.parse(json);
    return typeof c === 'object' && c ? c : null;
  } catch {
    return null;
  }
}

/** Whether the token's exp lies in the past (by this browser's clock). */
export function expired(c = claims()) {
  return !!(c && typeof c.exp === 'number' && c.exp * 1000 < Date.now());
}

// Every GraphQL document the Explorer sends, registered by doc() where the views define them:
// internal/explorer/documents.json lists them for a partner's trusted documents, and gql()
// refuses a document that is not registered, so that the list stays complete.
const DOCUMENTS = new Set();

/** Registers a GraphQL document of the Explorer and returns it. */
export function doc(text) {
  DOCUMENTS.add(text);
  return text;
}

/** The registered documents, in the order the modules registered them. */
export function documents() {
  return [...DOCUMENTS];
}

const EXPIRED = 'Your token has expired. Paste a new one to go on (locally, `make run` prints one).';

/**
 * Runs a GraphQL operation with the stored token and returns its data.
 * Throws ApiError: UNAUTHENTICATED (no, bad or expired token; the token is then forgotten
 * and an `ecograph:signed-out` event says why), RATE_LIMITED, NETWORK, HTTP_<status>, or the
 * first GraphQL error's code (NOT_FOUND, BAD_USER_INPUT, FORBIDDEN, ...).
 */
export async function gql(query, variables = {}, { signal } = {}) {
  if (!DOCUMENTS.has(query)) throw new Error('the Explorer sends only documents registered with doc()');
  const t = token();
  if (!t) throw new ApiError('UNAUTHENTICATED', 'Sign in with a token first.');
  if (expired()) return refuse(EXPIRED);
  let res;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${t}` },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('NETWORK', 'The Ecograph API did not answer. Is the server running?');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: handled by status below
  }
  const first = body && Array.isArray(body.errors) ? body.errors[0] : null;
  if (res.status === 401) {
    const why = first ? first.message : '';
    return refuse(/expired/i.test(why) ? EXPIRED : `The API refused this token (${why || 'invalid'}). Paste a valid one.`);
  }
  if (res.status === 429) {
    const wait = res.headers.get('Retry-After') || 'a few';
    throw new ApiError('RATE_LIMITED', `Too many requests for now; try again in ${wait} seconds.`);
  }
  if (first) {
    const code = (first.extensions && first.extensions.code) || 'ERROR';
    if (code === 'TRUSTED_DOCUMENT_REQUIRED') {
      throw new ApiError(code, 'Your organisation may run only the operations registered for it (trusted documents), and this view’s are not among them. Ask us to allow the Explorer for partners.');
    }
    throw new ApiError(code, first.message, body.data || null);
  }
  if (!res.ok || !body || !body.data) {
    throw new ApiError(`HTTP_${res.status}`, `The API answered ${res.status} ${res.statusText}.`);
  }
  return body.data;
}

function refuse(message) {
  setToken('');
  window.dispatchEvent(new CustomEvent('ecograph:signed-out', { detail: message }));
  throw new ApiError('UNAUTHENTICATED', message);
}
