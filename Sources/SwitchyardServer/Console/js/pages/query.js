// The SQL box: POST …/sqlQuery with Accept: application/x-ndjson, rows rendered as they
// stream in. Cancel aborts the request; the server cancels the statement in the database
// when its client goes away.

import { h, replace, notice, button, announce, plural, formatDuration, pill } from '../dom.js';
import { authHeaders, errorFrom, queryURL } from '../api.js';
import { lineBatches, parseRow, streamError } from '../ndjson.js';

/** Rows kept in the page; the count goes on past it. */
const MAX_SHOWN = 10000;
/** How often streamed rows are put into the page, in milliseconds. */
const FLUSH_MS = 200;
const DRAFT_PREFIX = 'switchyard.draft.';
const lastResults = new Map();  // "project/connection" → the result section of the last run

export function setDraft(project, connection, sql) {
  sessionStorage.setItem(`${DRAFT_PREFIX}${project}/${connection}`, sql);
}

function draft(project, connection) {
  return sessionStorage.getItem(`${DRAFT_PREFIX}${project}/${connection}`) ?? '';
}

const CELL_CLASS = { null: 'null', number: 'num', boolean: 'bool', json: 'json' };

/** One result cell; built without helpers, as there may be many thousands. */
function cell(value) {
  const td = document.createElement('td');
  const className = CELL_CLASS[value.kind];
  if (className) td.className = className;
  const text = value.kind === 'null' ? 'NULL' : String(value.value);
  td.textContent = text;
  if (text.length > 60) td.title = text.slice(0, 2000);
  return td;
}

function resultRow(number, values) {
  const tr = document.createElement('tr');
  const rownum = document.createElement('td');
  rownum.className = 'rownum';
  rownum.textContent = String(number);
  tr.append(rownum);
  for (const value of values) tr.append(cell(value));
  return tr;
}

export function queryBox(body, { project, connection, signal }) {
  const name = connection.name;
  const key = `${project}/${name}`;
  const sqlInput = h('textarea', {
    id: 'sql-input', class: 'mono sql', rows: 7, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'sql-help', placeholder: 'SELECT * FROM orders LIMIT 100',
    value: draft(project, name),
    oninput: () => setDraft(project, name, sqlInput.value),
    onkeydown: (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!running) run();
      }
    },
  });
  const runButton = h('button', { type: 'submit', class: 'button primary', id: 'run-query' }, 'Run');
  const cancelButton = button('Cancel', () => cancel(), { variant: 'danger-subtle', disabled: true, id: 'cancel-query' });
  const resultHost = h('section', { class: 'result', 'aria-label': 'Result' });
  let running = null;  // {controller}

  const previous = lastResults.get(key);
  if (previous) resultHost.replaceChildren(...previous);

  const form = h('form', {
    class: 'query-form', novalidate: true,
    onsubmit: (event) => { event.preventDefault(); if (!running) run(); },
  },
  h('div', { class: 'field' },
    h('label', { for: 'sql-input', class: 'field-label' }, 'SQL statement'),
    sqlInput,
    h('p', { class: 'help', id: 'sql-help' },
      'One statement. Rows appear as the database sends them. ', h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Enter'), ' runs it.')),
  h('div', { class: 'actions' }, runButton, cancelButton));

  replace(body, h('h2', { class: 'sr-only' }, 'Query'), form, resultHost);
  signal.addEventListener('abort', () => running?.controller.abort());

  function cancel() {
    if (!running) return;
    running.cancelled = true;
    running.controller.abort();
  }

  async function run() {
    const sql = sqlInput.value;
    if (!sql.trim()) {
      replace(resultHost, notice('error', h('p', {}, 'Write a statement to run.')));
      sqlInput.focus();
      return;
    }
    const controller = new AbortController();
    const job = { controller, cancelled: false };
    running = job;
    runButton.disabled = true;
    cancelButton.disabled = false;

    const started = performance.now();
    let firstRowAt = null;
    let rowCount = 0;
    let columns = [];
    const stateBadge = h('span', { class: 'state' }, pill('running', 'running'));
    const counter = h('span', { class: 'counter' }, '0 rows');
    const clock = h('span', { class: 'clock' }, '0 ms');
    const extra = h('span', { class: 'muted extra' });
    const status = h('div', { class: 'result-status', id: 'query-status', dataset: { state: 'running' } }, stateBadge, counter, clock, extra);
    const message = h('div', { class: 'result-message' });
    const headRow = h('tr', {}, h('th', { scope: 'col', class: 'rownum' }, h('span', { class: 'sr-only' }, 'Row')));
    const tbody = h('tbody');
    const table = h('table', { class: 'data-table result-table', id: 'result-table', 'aria-label': 'Result rows' }, h('thead', {}, headRow), tbody);
    const tableWrap = h('div', { class: 'table-wrap result-wrap', hidden: true, tabindex: '0', 'aria-label': 'Result rows, scrollable' }, table);
    replace(resultHost, status, message, tableWrap);
    announce('Running');

    const tick = setInterval(() => { clock.textContent = formatDuration(performance.now() - started); }, 100);
    const finish = (state, text) => {
      clearInterval(tick);
      flush();
      const elapsed = performance.now() - started;
      status.dataset.state = state;
      replace(stateBadge, pill(state === 'done' ? 'ok' : state === 'cancelled' ? 'unknown' : 'failed',
        state === 'done' ? 'done' : state));
      counter.textContent = plural(rowCount, 'row');
      clock.textContent = formatDuration(elapsed);
      counter.dataset.rows = String(rowCount);
      clock.dataset.ms = String(Math.round(elapsed));
      extra.textContent = [
        firstRowAt !== null && state === 'done' && rowCount > 0 ? `first row after ${formatDuration(firstRowAt - started)}` : '',
        rowCount > MAX_SHOWN ? `showing the first ${MAX_SHOWN.toLocaleString('en-US')}` : '',
        text ?? '',
      ].filter(Boolean).join(' · ');
      if (running === job) {
        running = null;
        runButton.disabled = false;
        cancelButton.disabled = true;
      }
      lastResults.set(key, [...resultHost.childNodes]);
      announce(`${state === 'done' ? 'Done' : state === 'cancelled' ? 'Cancelled' : 'Failed'}: ${plural(rowCount, 'row')} in ${formatDuration(elapsed)}`);
    };
    const showError = (code, text) => {
      replace(message, notice('error', h('p', { class: 'api-message' }, code ? h('code', {}, code) : null, code ? ' ' : '', text)));
    };

    let fragment = document.createDocumentFragment();
    let lastFlush = 0;
    const flush = () => {
      if (fragment.childNodes.length) tbody.append(fragment);
      fragment = document.createDocumentFragment();
      counter.textContent = plural(rowCount, 'row');
      lastFlush = performance.now();
    };

    /** Headers from the first row that has them; a column of numbers is aligned right. */
    const addColumns = (keys, values) => {
      for (let index = columns.length; index < keys.length; index += 1) {
        columns.push(keys[index]);
        headRow.append(h('th', { scope: 'col', class: values[index]?.kind === 'number' ? 'num' : null }, keys[index]));
      }
    };

    try {
      const response = await fetch(queryURL(project, name), {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'application/x-ndjson' }),
        body: JSON.stringify({ sqlStatement: sql }),
        signal: controller.signal,
      });
      if (!response.ok) {
        const error = await errorFrom(response);
        showError(error.code, error.message);
        finish('failed');
        return;
      }
      if (!response.body) throw new Error('the browser gave no stream to read');
      for await (const lines of lineBatches(response.body)) {
        for (const line of lines) {
          if (rowCount >= MAX_SHOWN && !line.startsWith('{"error":')) {
            rowCount += 1;  // past what the page keeps: counted, not parsed
            continue;
          }
          const row = parseRow(line);
          const failure = streamError(row);
          if (failure !== null) {
            showError(null, failure);
            continue;
          }
          if (firstRowAt === null) {
            firstRowAt = performance.now();
            tableWrap.hidden = false;
          }
          rowCount += 1;
          if (rowCount > MAX_SHOWN) continue;
          if (row.keys.length > columns.length) addColumns(row.keys, row.values);
          fragment.append(resultRow(rowCount, row.values));
        }
        // A table lays itself out again on each change: rows go in a few times a second, not per chunk.
        if (performance.now() - lastFlush > FLUSH_MS) flush();
      }
      if (message.childNodes.length) finish('failed', 'the statement failed while its result was streamed');
      else {
        if (rowCount === 0) replace(message, h('p', { class: 'muted no-rows' }, 'The statement returned no rows.'));
        finish('done');
      }
    } catch (error) {
      if (error.name === 'AbortError' || controller.signal.aborted) {
        finish('cancelled', job.cancelled ? 'the statement was cancelled' : 'left the page');
        return;
      }
      showError(null, `The result could not be read: ${error.message}`);
      finish('failed');
    }
  }
}
