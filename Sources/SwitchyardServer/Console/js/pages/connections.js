// A project's connections: name, type, where each goes, and its health, tested on demand.

import { h, replace, button, announce } from '../dom.js';
import { api } from '../api.js';
import { typeOf, summarize } from '../types.js';
import { runTest, healthBadge, lastResult, onHealthChange, isRunning } from '../health.js';

export function breadcrumbs(items) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    h('ol', {}, items.map(([label, href], index) => h('li', {},
      index === items.length - 1 ? h('span', { 'aria-current': 'page' }, label) : h('a', { href }, label)))));
}

export async function connectionsPage(container, { signal, route, link }) {
  const { project } = route;
  document.title = `${project} · Switchyard`;
  replace(container, breadcrumbs([['Projects', link()], [project, link('projects', project)]]),
    h('h1', {}, project), h('p', { class: 'muted' }, 'Loading…'));
  const [{ data: info }, { data: connections }] = await Promise.all([api.project(project), api.connections(project)]);
  if (signal.aborted) return;
  connections.sort((a, b) => a.name.localeCompare(b.name));

  const healthCells = new Map();
  const errorCells = new Map();
  const testButtons = new Map();
  function paintHealth(name) {
    const cell = healthCells.get(name);
    if (!cell) return;
    replace(cell, healthBadge(project, name));
    const result = lastResult(project, name);
    const detail = errorCells.get(name);
    if (detail) {
      detail.hidden = !(result && result.status !== 'ok' && result.errorMessage);
      detail.textContent = result?.errorMessage ?? '';
    }
    const testButton = testButtons.get(name);
    if (testButton) testButton.disabled = isRunning(project, name);
  }
  const unsubscribe = onHealthChange((p, c) => { if (p === project) paintHealth(c); });
  signal.addEventListener('abort', unsubscribe);

  async function testAll() {
    testAllButton.disabled = true;
    for (const connection of connections) {
      if (signal.aborted) break;
      await runTest(project, connection.name);  // one at a time: no burst of tests
    }
    testAllButton.disabled = false;
    const failed = connections.filter((c) => lastResult(project, c.name)?.status !== 'ok').length;
    announce(failed ? `${failed} of ${connections.length} failed` : 'All connections ok');
  }

  const testAllButton = button('Test all', testAll, { variant: 'subtle', disabled: connections.length === 0 });
  let list;
  if (!connections.length) {
    list = h('div', { class: 'empty' }, h('p', {}, 'This project has no connections yet.'),
      h('p', {}, h('a', { class: 'button primary', href: link('projects', project, 'new') }, 'New connection')));
  } else {
    const rows = connections.map((connection) => {
      const type = typeOf(connection);
      const health = h('div', { class: 'health-cell' });
      const detail = h('p', { class: 'error-detail', hidden: true });
      healthCells.set(connection.name, health);
      errorCells.set(connection.name, detail);
      const testButton = button('Test', () => runTest(project, connection.name),
        { small: true, variant: 'subtle', 'aria-label': `Test ${connection.name}` });
      testButtons.set(connection.name, testButton);
      return h('tr', { dataset: { connection: connection.name } },
        h('th', { scope: 'row', 'data-label': 'Name' },
          h('a', { href: link('projects', project, 'connections', connection.name), class: 'strong-link' }, connection.name)),
        h('td', { 'data-label': 'Type' }, h('span', { class: `type-badge type-${type?.id}` }, type?.label ?? connection.type)),
        h('td', { 'data-label': 'Target', class: 'mono small clamp' }, summarize(connection) || '—'),
        h('td', { 'data-label': 'Health' }, health, detail),
        h('td', { class: 'row-actions' },
          testButton,
          h('a', { class: 'button subtle small', href: link('projects', project, 'connections', connection.name, 'schemas'), 'aria-label': `Browse ${connection.name}` }, 'Browse'),
          h('a', { class: 'button subtle small', href: link('projects', project, 'connections', connection.name, 'query'), 'aria-label': `Query ${connection.name}` }, 'Query')));
    });
    list = h('div', { class: 'table-wrap' },
      h('table', { class: 'data-table responsive', 'aria-label': `Connections of ${project}` },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Target'),
          h('th', { scope: 'col' }, 'Health'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, rows)));
  }

  replace(container,
    breadcrumbs([['Projects', link()], [project, link('projects', project)]]),
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, project), info.readme ? h('p', { class: 'lede' }, info.readme) : null),
      h('div', { class: 'actions' }, testAllButton,
        h('a', { class: 'button primary', href: link('projects', project, 'new') }, 'New connection'))),
    h('section', { 'aria-label': 'Connections' }, list),
    h('p', { class: 'help' }, 'Health is the result of the connection\'s test, run when asked for.'));
  for (const connection of connections) paintHealth(connection.name);
}
