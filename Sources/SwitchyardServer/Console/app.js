// The Switchyard console: sign-in with the admin token (kept in sessionStorage, for this tab
// only), then pages chosen by the URL's hash.
//
//   #/                                      projects
//   #/projects/{p}                          the project's connections
//   #/projects/{p}/new                      a new connection
//   #/projects/{p}/connections/{c}          a connection's settings and test
//   #/projects/{p}/connections/{c}/schemas[/{s}[/{t}]]   schema browser
//   #/projects/{p}/connections/{c}/query    SQL

import { h, replace, notice, focusHeading } from './js/dom.js';
import { api, request, token, ApiError } from './js/api.js';
import { projectsPage } from './js/pages/projects.js';
import { connectionsPage } from './js/pages/connections.js';
import { newConnectionPage, connectionPage } from './js/pages/connection.js';

const main = document.getElementById('main');
const signOutButton = document.getElementById('sign-out');
let current = null;   // the page shown: {controller}
let unauthorizedMessage = null;

function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const parts = hash === '' ? [] : hash.split('/').map((part) => {
    try { return decodeURIComponent(part); } catch { return part; }
  });
  const [first, project, third, connection, tab, schema, table] = parts;
  if (parts.length === 0) return { page: 'projects' };
  if (first === 'projects' && project !== undefined) {
    if (third === undefined) return { page: 'connections', project };
    if (third === 'new' && parts.length === 3) return { page: 'new-connection', project };
    if (third === 'connections' && connection !== undefined) {
      if (tab === undefined) return { page: 'connection', project, connection, tab: 'settings' };
      if (tab === 'schemas') return { page: 'connection', project, connection, tab: 'schemas', schema, table };
      if (tab === 'query') return { page: 'connection', project, connection, tab: 'query' };
    }
  }
  return { page: 'not-found' };
}

/** `#/projects/a%20b/connections/c` from names. */
export function link(...parts) {
  return `#/${parts.map((part) => encodeURIComponent(part)).join('/')}`;
}

function setNav(route) {
  for (const anchor of document.querySelectorAll('[data-nav]')) {
    if (anchor.dataset.nav === 'projects') {
      if (route.page === 'projects') anchor.setAttribute('aria-current', 'page');
      else anchor.removeAttribute('aria-current');
    }
  }
}

async function render() {
  current?.controller.abort();
  const controller = new AbortController();
  current = { controller };
  if (!token.get()) {
    signOutButton.hidden = true;
    showSignIn();
    return;
  }
  signOutButton.hidden = false;
  const route = parseRoute();
  setNav(route);
  const container = h('div', { class: 'page' });
  replace(main, container);
  const context = { signal: controller.signal, route, link, navigate: (hash) => { location.hash = hash; } };
  try {
    switch (route.page) {
      case 'projects': await projectsPage(container, context); break;
      case 'connections': await connectionsPage(container, context); break;
      case 'new-connection': await newConnectionPage(container, context); break;
      case 'connection': await connectionPage(container, context); break;
      default:
        document.title = 'Not found · Switchyard';
        replace(container, h('h1', {}, 'Page not found'),
          h('p', {}, 'Nothing lives at this address. ', h('a', { href: '#/' }, 'Go to the projects.')));
    }
  } catch (error) {
    if (error.name === 'AbortError' || controller.signal.aborted) return;
    if (error instanceof ApiError && error.status === 401) return;
    replace(container, h('h1', {}, 'Something went wrong'),
      notice('error', h('p', { class: 'api-message' }, h('code', {}, error.code ?? 'error'), ' ', error.message)));
  }
  if (!controller.signal.aborted) focusHeading(container);
}

function showSignIn() {
  document.title = 'Sign in · Switchyard';
  const inputId = 'token-input';
  const input = h('input', {
    id: inputId, type: 'password', autocomplete: 'current-password', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help sign-in-status',
  });
  const status = h('div', { id: 'sign-in-status', 'aria-live': 'polite' });
  if (unauthorizedMessage) replace(status, notice('error', h('p', {}, unauthorizedMessage)));
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');
  const form = h('form', {
    class: 'card sign-in', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        replace(status, notice('error', h('p', {}, 'Enter the admin token.')));
        input.focus();
        return;
      }
      submit.disabled = true;
      try {
        await request('/projects', { tokenOverride: value });
        token.set(value);
        unauthorizedMessage = null;
        render();
      } catch (error) {
        submit.disabled = false;
        const message = error instanceof ApiError && error.status === 401
          ? 'The server refused this token.'
          : `The token could not be checked: ${error.message}`;
        replace(status, notice('error', h('p', {}, message)));
        input.select();
        input.focus();
      }
    },
  },
  h('h1', {}, 'Sign in'),
  h('p', {}, 'The console calls the Switchyard API with the server\'s admin token. It is kept for this browser tab only and sent with every call.'),
  h('div', { class: 'field' },
    h('label', { for: inputId, class: 'field-label' }, 'Admin token'),
    input,
    h('p', { class: 'help', id: 'token-help' }, 'Printed by the server at its first start and kept in its data directory as admin-token.')),
  status,
  h('div', { class: 'actions' }, submit));
  replace(main, h('div', { class: 'page narrow-page' }, form));
  input.focus();
}

window.addEventListener('switchyard:unauthorized', () => {
  if (!token.get()) return;
  token.clear();
  unauthorizedMessage = 'The server refused the token (it may have changed). Sign in again.';
  render();
});

signOutButton.addEventListener('click', () => {
  token.clear();
  unauthorizedMessage = null;
  render();
});

window.addEventListener('hashchange', render);

async function showServerState() {
  const badge = document.getElementById('server-state');
  try {
    const { data } = await api.status();
    if (data.frozenConfig) {
      badge.textContent = 'read-only server';
      badge.className = 'server-state pill pill-unknown';
      badge.title = 'The server runs frozen: every change is refused (403).';
    }
  } catch {
    badge.textContent = 'server unreachable';
    badge.className = 'server-state pill pill-failed';
  }
}

showServerState();
render();
