// The console's client of /api/v0: the bearer token (kept for this tab only) and requests
// that turn the API's error bodies, {"code": "...", "message": "..."}, into ApiError.

const TOKEN_KEY = 'switchyard.token';
export const API_ROOT = '/api/v0';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed API call: `status` is the HTTP status (0 when the server was not reached). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** `/projects/a b/connections` with each name percent-encoded. */
export function path(strings, ...names) {
  return strings.reduce((text, part, index) =>
    text + part + (index < names.length ? encodeURIComponent(names[index]) : ''), '');
}

/** Reads an error answer: the API's JSON body when there is one, else the status line. */
export async function errorFrom(response) {
  let code = String(response.status);
  let message = response.statusText || `HTTP ${response.status}`;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const body = JSON.parse(text);
      if (body && typeof body.message === 'string') {
        message = body.message;
        if (typeof body.code === 'string') code = body.code;
      } else {
        message = text.slice(0, 500);
      }
    } catch {
      message = text.slice(0, 500);
    }
  }
  const error = new ApiError(response.status, code, message);
  if (response.status === 401) window.dispatchEvent(new CustomEvent('switchyard:unauthorized', { detail: error }));
  return error;
}

/** Headers every call carries. */
export function authHeaders(extra = {}) {
  return { Authorization: `Bearer ${token.get() ?? ''}`, ...extra };
}

/**
 * Calls the API. Returns `{data, etag, status}`; throws ApiError for any failure, or the
 * AbortError of `signal`.
 */
export async function request(route, { method = 'GET', body, headers = {}, signal, tokenOverride } = {}) {
  const sent = authHeaders({ Accept: 'application/json', ...headers });
  if (tokenOverride !== undefined) sent.Authorization = `Bearer ${tokenOverride}`;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(API_ROOT + route, {
      method, headers: sent, signal, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', `The server could not be reached (${error.message}).`);
  }
  if (!response.ok) throw await errorFrom(response);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

export const api = {
  projects: () => request('/projects'),
  project: (name) => request(path`/projects/${name}`),
  createProject: (body) => request('/projects', { method: 'POST', body }),
  deleteProject: (name) => request(path`/projects/${name}`, { method: 'DELETE' }),
  connections: (project) => request(path`/projects/${project}/connections`),
  connection: (project, name) => request(path`/projects/${project}/connections/${name}`),
  createConnection: (project, name, body) =>
    request(path`/projects/${project}/connections/${name}`, { method: 'POST', body }),
  updateConnection: (project, name, body, etag) =>
    request(path`/projects/${project}/connections/${name}`, {
      method: 'PATCH', body, headers: etag ? { 'If-Match': etag } : {},
    }),
  deleteConnection: (project, name, etag) =>
    request(path`/projects/${project}/connections/${name}`, {
      method: 'DELETE', headers: etag ? { 'If-Match': etag } : {},
    }),
  test: (project, name, signal) =>
    request(path`/projects/${project}/connections/${name}/test`, { method: 'POST', signal }),
  testConfig: (body) => request('/connections/test', { method: 'POST', body }),
  schemas: (project, name) => request(path`/projects/${project}/connections/${name}/schemas`),
  tables: (project, name, schema) =>
    request(path`/projects/${project}/connections/${name}/schemas/${schema}/tables`),
  status: () => request('/status'),
};

/** The URL of a connection's statement route. */
export function queryURL(project, name) {
  return API_ROOT + path`/projects/${project}/connections/${name}/sqlQuery`;
}
