// Connection health: the result of POST …/test, kept for this tab so lists can show the last
// result without asking again. Tests run only when asked for, one at a time per connection.

import { api } from './api.js';
import { h, pill, ago } from './dom.js';

const results = new Map();   // "project/connection" → {status, errorMessage, at}
const running = new Map();   // "project/connection" → Promise
const listeners = new Set();

const keyOf = (project, connection) => `${project}/${connection}`;

export function lastResult(project, connection) {
  return results.get(keyOf(project, connection)) ?? null;
}

export function isRunning(project, connection) {
  return running.has(keyOf(project, connection));
}

export function forget(project, connection) {
  results.delete(keyOf(project, connection));
  notify(project, connection);
}

/** Calls back `(project, connection)` whenever a result starts or ends; returns an unsubscribe. */
export function onHealthChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(project, connection) {
  for (const listener of listeners) listener(project, connection);
}

/** Tests a stored connection; a test already running for it is shared, not repeated. */
export function runTest(project, connection) {
  const key = keyOf(project, connection);
  if (running.has(key)) return running.get(key);
  const promise = (async () => {
    try {
      const { data } = await api.test(project, connection);
      const result = { status: data.status, errorMessage: data.errorMessage ?? null, at: Date.now() };
      results.set(key, result);
      return result;
    } catch (error) {
      const result = { status: 'failed', errorMessage: `${error.code ?? ''} ${error.message}`.trim(), at: Date.now(), apiError: true };
      results.set(key, result);
      return result;
    } finally {
      running.delete(key);
      notify(project, connection);
    }
  })();
  running.set(key, promise);
  notify(project, connection);
  return promise;
}

/** A pill for the connection's health, with when it was last tested. */
export function healthBadge(project, connection, { withTime = true } = {}) {
  if (isRunning(project, connection)) return h('span', { class: 'health' }, pill('running', 'testing…'));
  const result = lastResult(project, connection);
  if (!result) return h('span', { class: 'health' }, pill('unknown', 'not tested'));
  return h('span', { class: 'health' },
    pill(result.status === 'ok' ? 'ok' : 'failed', result.status),
    withTime ? h('span', { class: 'muted small' }, ` ${ago(result.at)}`) : null);
}
