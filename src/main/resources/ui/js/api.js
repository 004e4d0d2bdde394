// The admin API client. The admin key lives in sessionStorage (this tab only, gone when it
// closes) and is sent as "Authorization: Bearer" on every call; no cookies are used, so another
// site cannot make the browser call the admin API on the operator's behalf (no CSRF surface).

const KEY = 'shepherd.adminKey';
/** /ui/ → /admin/v1/, also under a reverse proxy's path prefix. */
const base = () => new URL('../admin/v1/', document.baseURI);

/** The key of this tab's session, or null. */
export function adminKey() {
  return sessionStorage.getItem(KEY);
}

export function logIn(key) {
  sessionStorage.setItem(KEY, key);
}

export function logOut() {
  sessionStorage.removeItem(KEY);
}

/** An error answer: status, the API's message and code. */
export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};
/** What to do when the server refuses the key (401): the app logs out. */
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

/**
 * Calls /admin/v1/{path} with the session's key (or {key}). Resolves to the parsed JSON, or with
 * {raw: true} to the Response. Rejects with ApiError for any non-2xx answer; a 401 with the
 * session's key logs out.
 */
export async function call(method, path, body, { raw = false, key } = {}) {
  const explicit = key !== undefined; // a key being tried at login: a 401 is the answer, not a logout
  key = explicit ? key : adminKey();
  const headers = { authorization: 'Bearer ' + key };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(new URL(path, base()), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'The gateway did not answer (' + e.message + ').', 'network');
  }
  if (!res.ok) {
    let message = res.status + ' ' + res.statusText;
    let code = null;
    try {
      const err = (await res.json()).error;
      message = err.message || message;
      code = err.code;
    } catch { /* not JSON */ }
    if (res.status === 401 && !explicit) onUnauthorized();
    throw new ApiError(res.status, message, code);
  }
  return raw ? res : res.json();
}

export const get = (path, opts) => call('GET', path, undefined, opts);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = path => call('DELETE', path);

/**
 * GET that answers null when the endpoint does not exist on this server (404 unknown_url), so a
 * page can show what it has and say what is missing.
 */
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.code === 'unknown_url') return null;
    throw e;
  }
}
