// The schema browser: schemas → tables → columns, each step one API call, kept for this tab
// until Refresh. Selecting an item updates the address (so it can be shared) without
// rebuilding the page, and keeps the keyboard focus where it was.

import { h, replace, notice, button, announce, plural } from '../dom.js';
import { api } from '../api.js';
import { setDraft } from './query.js';

const cache = new Map();  // "project/connection" → {schemas, tables: Map(schema → tables)}

function entry(project, connection) {
  const key = `${project}/${connection}`;
  if (!cache.has(key)) cache.set(key, { schemas: null, tables: new Map() });
  return cache.get(key);
}

/** The table's own name: from its `source` (`{name, schema, columns}`), else its resource. */
export function tableName(table, schema) {
  try {
    const source = JSON.parse(table.source ?? '');
    if (source && typeof source.name === 'string') return source.name;
  } catch { /* fall through */ }
  const prefix = `${schema}.`;
  return table.resource?.startsWith(prefix) ? table.resource.slice(prefix.length) : table.resource;
}

/** `"schema"."table"` in the connection's dialect. */
function qualified(dialect, schema, table) {
  const quote = ['mysql', 'standardsql'].includes(dialect)
    ? (name) => `\`${name.replaceAll('`', '``')}\``
    : (name) => `"${name.replaceAll('"', '""')}"`;
  return `${quote(schema)}.${quote(table)}`;
}

export async function schemaBrowser(body, { project, connection, route, link, base, signal }) {
  const name = connection.name;
  const cached = entry(project, name);
  const state = { schema: route.schema ?? null, table: route.table ?? null, showHidden: false };

  const schemaPane = h('section', { class: 'pane', 'aria-labelledby': 'schemas-heading' });
  const tablePane = h('section', { class: 'pane', 'aria-labelledby': 'tables-heading' });
  const columnPane = h('section', { class: 'pane pane-wide', 'aria-labelledby': 'columns-heading' });
  const status = h('div', { 'aria-live': 'polite' });

  const refresh = button('Refresh', async () => {
    cached.schemas = null;
    cached.tables = new Map();
    await showSchemas();
    if (state.schema) await showTables();
    announce('Refreshed');
  }, { small: true, variant: 'subtle' });

  replace(body,
    h('div', { class: 'browser-head' },
      h('h2', {}, 'Schema browser'), refresh),
    status,
    h('div', { class: 'browser' }, schemaPane, tablePane, columnPane));

  function go(schema, table, focusTarget) {
    state.schema = schema;
    state.table = table;
    const parts = [...base, 'schemas'];
    if (schema !== null) parts.push(schema);
    if (table !== null) parts.push(table);
    history.pushState(null, '', link(...parts));
  }

  function itemLink(label, href, current, onclick, extra = null) {
    return h('li', {},
      h('a', {
        href, class: 'list-item', 'aria-current': current ? 'true' : null,
        onclick: (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onclick();
        },
      }, h('span', { class: 'item-name' }, label), extra));
  }

  function apiProblem(error, what) {
    return notice('error', h('p', {}, what), h('p', { class: 'api-message' }, h('code', {}, error.code ?? 'error'), ' ', error.message));
  }

  async function showSchemas() {
    replace(schemaPane, h('h3', { id: 'schemas-heading' }, 'Schemas'), h('p', { class: 'muted' }, 'Loading schemas…'));
    if (!cached.schemas) {
      try {
        cached.schemas = (await api.schemas(project, name)).data;
      } catch (error) {
        if (signal.aborted) return;
        replace(schemaPane, h('h3', { id: 'schemas-heading' }, 'Schemas'), apiProblem(error, 'The schemas could not be listed.'));
        return;
      }
    }
    if (signal.aborted) return;
    paintSchemas();
  }

  function paintSchemas() {
    const schemas = cached.schemas;
    const hiddenCount = schemas.filter((s) => s.isHidden).length;
    const shown = schemas.filter((s) => state.showHidden || !s.isHidden || s.name === state.schema);
    const toggleId = 'show-hidden-schemas';
    replace(schemaPane,
      h('div', { class: 'pane-head' },
        h('h3', { id: 'schemas-heading' }, 'Schemas'), h('span', { class: 'count' }, String(shown.length))),
      hiddenCount ? h('div', { class: 'check' },
        h('input', {
          type: 'checkbox', id: toggleId, checked: state.showHidden,
          onchange: (event) => { state.showHidden = event.target.checked; paintSchemas(); schemaPane.querySelector(`#${toggleId}`).focus(); },
        }),
        h('label', { for: toggleId }, `Show ${plural(hiddenCount, 'system schema')}`)) : null,
      shown.length
        ? h('ul', { class: 'item-list', 'aria-label': 'Schemas' }, shown.map((schema) =>
          itemLink(schema.name, link(...base, 'schemas', schema.name), schema.name === state.schema, async () => {
            go(schema.name, null);
            paintSchemas();
            schemaPane.querySelector('[aria-current="true"]')?.focus();
            await showTables();
            if (window.matchMedia('(max-width: 800px)').matches) tablePane.scrollIntoView({ block: 'start' });
          }, [schema.isDefault ? h('span', { class: 'tag' }, 'default') : null,
            schema.isHidden ? h('span', { class: 'tag muted' }, 'system') : null])))
        : h('p', { class: 'muted' }, 'No schemas.'));
  }

  async function showTables() {
    paintColumns();
    const schema = state.schema;
    if (schema === null) {
      replace(tablePane, h('h3', { id: 'tables-heading' }, 'Tables'), h('p', { class: 'muted' }, 'Choose a schema.'));
      return;
    }
    replace(tablePane, h('h3', { id: 'tables-heading' }, 'Tables'), h('p', { class: 'muted' }, `Loading the tables of ${schema}…`));
    if (!cached.tables.has(schema)) {
      try {
        cached.tables.set(schema, (await api.tables(project, name, schema)).data);
      } catch (error) {
        if (signal.aborted || state.schema !== schema) return;
        replace(tablePane, h('h3', { id: 'tables-heading' }, 'Tables'), apiProblem(error, `The tables of ${schema} could not be listed.`));
        return;
      }
    }
    if (signal.aborted || state.schema !== schema) return;
    paintTables();
    paintColumns();
    announce(`${plural(cached.tables.get(schema).length, 'table')} in ${schema}`);
  }

  function paintTables(filter = '') {
    const schema = state.schema;
    const tables = cached.tables.get(schema) ?? [];
    const filterId = 'table-filter';
    const listHost = h('div');
    const paintList = (text) => {
      const needle = text.trim().toLowerCase();
      const shown = tables.filter((table) => tableName(table, schema).toLowerCase().includes(needle));
      replace(listHost, shown.length
        ? h('ul', { class: 'item-list', 'aria-label': `Tables in ${schema}` }, shown.map((table) => {
          const tname = tableName(table, schema);
          return itemLink(tname, link(...base, 'schemas', schema, tname), tname === state.table, () => {
            go(schema, tname);
            paintTables(filterInput.value);
            tablePane.querySelector('[aria-current="true"]')?.focus();
            paintColumns();
            announce(`${tname}: ${plural(table.columns.length, 'column')}`);
            if (window.matchMedia('(max-width: 800px)').matches) columnPane.scrollIntoView({ block: 'start' });
          }, h('span', { class: 'count' }, String(table.columns.length)));
        }))
        : h('p', { class: 'muted' }, tables.length ? 'No table matches.' : 'No tables in this schema.'));
    };
    const filterInput = h('input', {
      type: 'search', id: filterId, value: filter, placeholder: 'Filter', autocomplete: 'off',
      oninput: () => paintList(filterInput.value),
    });
    replace(tablePane,
      h('div', { class: 'pane-head' },
        h('h3', { id: 'tables-heading' }, 'Tables ', h('span', { class: 'muted' }, `in ${schema}`)),
        h('span', { class: 'count' }, String(tables.length))),
      tables.length > 8 ? h('div', { class: 'field compact' },
        h('label', { for: filterId, class: 'sr-only' }, 'Filter tables'), filterInput) : null,
      listHost);
    paintList(filter);
  }

  function paintColumns() {
    const { schema, table: tname } = state;
    const tables = schema !== null ? cached.tables.get(schema) : null;
    const table = tables?.find((t) => tableName(t, schema) === tname);
    if (!tname || !tables) {
      replace(columnPane, h('h3', { id: 'columns-heading' }, 'Columns'), h('p', { class: 'muted' }, 'Choose a table.'));
      return;
    }
    if (!table) {
      replace(columnPane, h('h3', { id: 'columns-heading' }, 'Columns'), notice('error', h('p', {}, `No table ${tname} in ${schema}.`)));
      return;
    }
    const dialect = connection.attributes?.dialectName ?? '';
    const sql = `SELECT * FROM ${qualified(dialect, schema, tname)} LIMIT 100`;
    replace(columnPane,
      h('div', { class: 'pane-head' },
        h('h3', { id: 'columns-heading' }, h('span', { class: 'muted' }, `${schema}.`), tname),
        h('a', {
          class: 'button subtle small', href: link(...base, 'query'),
          onclick: () => setDraft(project, name, sql),
        }, 'Query this table')),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data-table compact', 'aria-label': `Columns of ${schema}.${tname}` },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Type'))),
          h('tbody', {}, table.columns.map((column, index) => h('tr', {},
            h('td', { class: 'num muted' }, String(index + 1)),
            h('th', { scope: 'row', class: 'mono' }, column.name),
            h('td', { class: 'mono muted' }, column.type)))))));
  }

  await showSchemas();
  await showTables();
  body.dataset.ready = 'true';
}
