// The connection form: a new connection (POST), or a stored one (PATCH with only what changed,
// sent with If-Match: the ETag of the read; a 412 offers to reload).

import { h, uid, button, pill, notice, replace, announce } from './dom.js';
import { api, ApiError } from './api.js';
import { TYPES, typeById, typeOf, rules } from './types.js';
import { SettingsEditor, AttachmentsEditor } from './settings-editor.js';

function makeEditor(def, stored, secretsSet) {
  // secretsSet paths are `postgresConnection.password`; the editor wants `password`.
  const prefix = `${def.key}.`;
  const names = new Set([...secretsSet].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length)));
  const Editor = def.attachments ? AttachmentsEditor : SettingsEditor;
  return new Editor(def, { stored, secretsSet: names, idPrefix: `conn-${def.id}` });
}

/**
 * Builds the form. Options: `project`; for a stored connection `connection` (the GET body)
 * and `etag`; callbacks `onCreated(name)`, `onSaved(message)`, `onReload()`.
 */
export function connectionForm({ project, connection = null, etag = null, onCreated, onSaved, onReload }) {
  const isNew = connection === null;
  const storedType = isNew ? null : typeOf(connection);
  const secretsSet = new Set(connection?.secretsSet ?? []);
  const editors = new Map();
  const formId = uid('connection-form');
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const editorHost = h('div', { class: 'editor-host' });

  const nameId = `${formId}-name`;
  const nameInput = isNew ? h('input', {
    id: nameId, type: 'text', required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': `${nameId}-help ${nameId}-error`, placeholder: 'warehouse',
  }) : null;
  const nameError = h('p', { class: 'field-error', id: `${nameId}-error`, hidden: true });

  const typeId = `${formId}-type`;
  const typeSelect = h('select', { id: typeId, 'aria-describedby': `${typeId}-help`, onchange: () => showType() },
    TYPES.map((type) => h('option', { value: type.id, selected: type.id === (storedType?.id ?? 'postgres') }, type.label)));
  const typeHelp = h('p', { class: 'help', id: `${typeId}-help` },
    isNew ? 'Each type has its own settings.' : 'Switching the type replaces every setting: the new type\'s must be complete, secrets included.');

  function editor() {
    const def = typeById(typeSelect.value);
    if (!editors.has(def.id)) {
      const isStored = storedType && def.id === storedType.id;
      editors.set(def.id, makeEditor(def, isStored ? connection[def.key] ?? {} : null, isStored ? secretsSet : new Set()));
    }
    return editors.get(def.id);
  }

  function showType() {
    replace(editorHost, editor().element);
    replace(status);
  }

  function validate() {
    const problems = [];
    if (nameInput) {
      const message = rules.resourceName(nameInput.value.trim());
      nameError.hidden = !message;
      nameError.textContent = message ? `Connection name ${message}` : '';
      if (message) {
        nameInput.setAttribute('aria-invalid', 'true');
        problems.push({ message: `Connection name ${message}`, focus: () => nameInput.focus() });
      } else {
        nameInput.removeAttribute('aria-invalid');
      }
    }
    problems.push(...editor().validate());
    return problems;
  }

  function showProblems(problems) {
    replace(status, notice('error',
      h('p', {}, problems.length === 1 ? 'One field needs attention:' : `${problems.length} fields need attention:`),
      h('ul', {}, problems.map((problem) => h('li', {}, problem.message)))));
    problems[0].focus();
  }

  /** Shows an API error as it is, and on the field it names when there is one. */
  function showApiError(error, what) {
    if (error instanceof ApiError && error.status === 412) {
      replace(status, notice('error',
        h('p', {}, h('strong', {}, 'This connection was changed since it was loaded. '),
          'Reload to see the current settings; the edits made here are not kept.'),
        h('p', { class: 'api-message' }, h('code', {}, error.code), ' ', error.message),
        h('div', { class: 'actions' }, button('Reload', () => onReload?.(), { variant: 'primary', small: true }))));
      status.querySelector('button').focus();
      return;
    }
    replace(status, notice('error', h('p', {}, what),
      h('p', { class: 'api-message' }, h('code', {}, error.code ?? 'error'), ' ', error.message)));
    const def = typeById(typeSelect.value);
    const path = error.message.split(' ')[0];
    if (path.startsWith(`${def.key}.`)) editor().showServerError(path.slice(def.key.length + 1), error.message);
    else if (path === 'name' && nameInput) nameInput.focus();
  }

  /** The body that creates the connection, or switches it to another type. */
  function fullBody() {
    const def = typeById(typeSelect.value);
    return { [def.key]: editor().full() };
  }

  /** The PATCH body: only what changed, or null when nothing did. */
  function patchBody() {
    const def = typeById(typeSelect.value);
    if (def.id !== storedType.id) return fullBody();
    const diff = editor().diff();
    return Object.keys(diff).length ? { [def.key]: diff } : null;
  }

  const submitButton = h('button', { type: 'submit', class: 'button primary' }, isNew ? 'Create connection' : 'Save changes');
  const testButton = isNew ? button('Test settings', async () => {
    const problems = validate();
    if (problems.length) { showProblems(problems); return; }
    testButton.disabled = true;
    replace(status, notice('info', h('p', {}, pill('running', 'testing'), ' Trying these settings without saving them…')));
    try {
      const { data } = await api.testConfig(fullBody());
      replace(status, notice(data.status === 'ok' ? 'success' : 'error',
        h('p', {}, pill(data.status === 'ok' ? 'ok' : 'failed', data.status), ' ',
          data.status === 'ok' ? 'The database answered.' : data.errorMessage ?? 'The test failed.')));
      announce(`Test ${data.status}`);
    } catch (error) {
      showApiError(error, 'The settings could not be tested.');
    } finally {
      testButton.disabled = false;
    }
  }, { variant: 'subtle' }) : null;
  const discardButton = isNew ? null : button('Discard changes', () => onReload?.(), { variant: 'subtle' });

  const form = h('form', {
    class: 'connection-form', id: formId, novalidate: true, 'aria-label': isNew ? 'New connection' : `Settings of ${connection.name}`,
    onsubmit: async (event) => {
      event.preventDefault();
      const problems = validate();
      if (problems.length) { showProblems(problems); return; }
      submitButton.disabled = true;
      try {
        if (isNew) {
          const name = nameInput.value.trim();
          replace(status, notice('info', h('p', {}, 'Creating…')));
          await api.createConnection(project, name, fullBody());
          announce(`Connection ${name} created`);
          onCreated?.(name);
        } else {
          const body = patchBody();
          if (!body) {
            replace(status, notice('info', h('p', {}, 'Nothing changed: there is nothing to save.')));
            return;
          }
          replace(status, notice('info', h('p', {}, 'Saving…')));
          const { data } = await api.updateConnection(project, connection.name, body, etag);
          announce('Saved');
          onSaved?.(data?.message ?? 'Saved.');
        }
      } catch (error) {
        showApiError(error, isNew ? 'The connection was not created.' : 'The changes were not saved.');
      } finally {
        submitButton.disabled = false;
      }
    },
  },
  h('div', { class: 'card' },
    h('div', { class: 'field-grid' },
      isNew ? h('div', { class: 'field' },
        h('label', { for: nameId, class: 'field-label' }, 'Connection name', h('span', { class: 'required' }, 'required')),
        nameInput,
        h('p', { class: 'help', id: `${nameId}-help` }, 'Letters, digits, _ and -. It is part of the connection\'s URL.'),
        nameError) : null,
      h('div', { class: 'field' },
        h('label', { for: typeId, class: 'field-label' }, 'Type'), typeSelect, typeHelp)),
    editorHost),
  status,
  h('div', { class: 'actions form-actions' }, submitButton, testButton, discardButton));

  showType();
  return form;
}
