// A connection: its header (type, target, health and the test button) and three tabs:
// settings (the form, and delete), schemas (the browser) and query (the SQL box).

import { h, replace, notice, button, confirmDialog, announce, pill } from '../dom.js';
import { api } from '../api.js';
import { typeOf, summarize } from '../types.js';
import { connectionForm } from '../connection-form.js';
import { runTest, healthBadge, lastResult, onHealthChange, forget, isRunning } from '../health.js';
import { breadcrumbs } from './connections.js';
import { schemaBrowser } from './schemas.js';
import { queryBox } from './query.js';

export async function newConnectionPage(container, { route, link, navigate }) {
  const { project } = route;
  document.title = `New connection · ${project} · Switchyard`;
  await api.project(project);  // a 404 here says the project is missing before the form is filled
  replace(container,
    breadcrumbs([['Projects', link()], [project, link('projects', project)], ['New connection', link('projects', project, 'new')]]),
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'New connection'),
      h('p', { class: 'lede' }, 'Secrets are write-only: once saved they are never shown again, only marked as set.'))),
    connectionForm({
      project,
      onCreated: (name) => navigate(link('projects', project, 'connections', name)),
    }));
}

export async function connectionPage(container, context) {
  const { signal, route, link } = context;
  const { project, connection: name, tab } = route;
  document.title = `${name} · ${project} · Switchyard`;
  const { data: connection, etag } = await api.connection(project, name);
  if (signal.aborted) return;
  const type = typeOf(connection);
  const base = ['projects', project, 'connections', name];

  const healthHost = h('div', { class: 'health-line', 'aria-live': 'polite' });
  const testButton = button('Test connection', () => runTest(project, name), { variant: 'subtle', id: 'test-connection' });
  function paintHealth(spoken = false) {
    const result = lastResult(project, name);
    replace(healthHost, healthBadge(project, name),
      result && result.status !== 'ok' && result.errorMessage ? h('span', { class: 'error-detail' }, result.errorMessage) : null);
    testButton.disabled = isRunning(project, name);
    if (spoken && result && !isRunning(project, name)) announce(`Test ${result.status}`);
  }
  const unsubscribe = onHealthChange((p, c) => { if (p === project && c === name) paintHealth(true); });
  signal.addEventListener('abort', unsubscribe);

  const tabs = [
    ['settings', 'Settings', link(...base)],
    ['schemas', 'Schemas', link(...base, 'schemas')],
    ['query', 'Query', link(...base, 'query')],
  ];
  const body = h('div', { class: 'tab-body' });
  replace(container,
    breadcrumbs([['Projects', link()], [project, link('projects', project)], [name, link(...base)]]),
    h('div', { class: 'page-head connection-head' },
      h('div', { class: 'title-block' },
        h('h1', {}, name),
        h('p', { class: 'meta' },
          h('span', { class: `type-badge type-${type?.id}` }, type?.label ?? connection.type),
          h('span', { class: 'mono small muted clamp' }, summarize(connection)))),
      h('div', { class: 'test-block' }, healthHost, testButton)),
    h('nav', { class: 'tabs', 'aria-label': 'Connection' },
      h('ul', {}, tabs.map(([id, label, href]) => h('li', {},
        h('a', { href, 'aria-current': id === tab ? 'page' : null }, label))))),
    body);
  paintHealth();

  if (tab === 'settings') settingsTab(body, { project, connection, etag, context, base });
  else if (tab === 'schemas') await schemaBrowser(body, { project, connection, route, link, base, signal });
  else if (tab === 'query') queryBox(body, { project, connection, signal, link, base });
}

function settingsTab(body, { project, connection, etag, context, base, flash = null }) {
  const { link, navigate } = context;
  const name = connection.name;
  const reload = async (message = null) => {
    const { data, etag: fresh } = await api.connection(project, name);
    settingsTab(body, { project, connection: data, etag: fresh, context, base, flash: message });
  };
  const secrets = connection.secretsSet ?? [];
  replace(body,
    flash ? notice('success', h('p', {}, flash)) : null,
    h('div', { class: 'settings-layout' },
      h('div', { class: 'settings-main' },
        h('h2', { class: 'sr-only' }, 'Settings'),
        connectionForm({
          project, connection, etag,
          onSaved: (message) => { forget(project, name); reload(message); },
          onReload: () => reload(),
        })),
      h('aside', { class: 'settings-side' },
        h('section', { class: 'card', 'aria-labelledby': 'secrets-heading' },
          h('h2', { id: 'secrets-heading' }, 'Secrets'),
          secrets.length
            ? h('ul', { class: 'plain-list' }, secrets.map((path) => h('li', {}, pill('set', 'set'), ' ', h('code', {}, path))))
            : h('p', { class: 'muted' }, 'No secrets stored.'),
          h('p', { class: 'help' }, 'Write-only: the API never returns them. Replace one to change it.')),
        h('section', { class: 'card danger-zone', 'aria-labelledby': 'danger-heading' },
          h('h2', { id: 'danger-heading' }, 'Delete'),
          h('p', {}, 'Deleting the connection removes its settings and secrets.'),
          button('Delete connection', async () => {
            const confirmed = await confirmDialog({
              title: `Delete connection ${name}?`,
              body: h('p', {}, `Its settings and secrets are removed from project ${project}. This cannot be undone.`),
              confirmLabel: 'Delete connection', danger: true,
            });
            if (!confirmed) return;
            try {
              await api.deleteConnection(project, name, etag);
              forget(project, name);
              announce(`Connection ${name} deleted`);
              navigate(link('projects', project));
            } catch (error) {
              const stale = error.status === 412;
              replace(body.querySelector('.delete-status'), notice('error',
                h('p', {}, stale ? 'The connection was changed since it was loaded.' : 'The connection was not deleted.'),
                h('p', { class: 'api-message' }, h('code', {}, error.code), ' ', error.message),
                stale ? button('Reload', () => reload(), { small: true, variant: 'primary' }) : null));
            }
          }, { variant: 'danger' }),
          h('div', { class: 'delete-status', 'aria-live': 'polite' })))));
}
