// Editors for one type object (e.g. postgresConnection) and for a DuckDB connection's list of
// attached databases. Each can say what it holds in full (for a new connection), what changed
// against what was read (for PATCH), and whether it is valid by the server's rules.
//
// Secrets are write-only: a stored secret shows as "set" with Replace (and Remove when it is
// optional); its value is never known here and is sent only when the user types a new one.

import { h, uid, button, pill } from './dom.js';
import { rules, ATTACHED_TYPES, attachedTypeById } from './types.js';

/** Whether two JSON-ish values are equal (numbers, strings, null, undefined). */
const same = (a, b) => (a ?? null) === (b ?? null);

/** A secret field: stored (kept), replace, remove, or new (nothing stored). */
class SecretInput {
  constructor(field, { id, describedBy, stored, label }) {
    this.field = field;
    this.id = id;
    this.describedBy = describedBy;
    this.label = label;
    this.storedSet = stored;
    this.available = stored;
    this.state = stored ? 'stored' : 'new';
    this.element = h('div', { class: 'secret' });
    this.render();
  }

  /** A renamed attachment, or one of another type, cannot keep its stored secrets. */
  setStoredAvailable(available) {
    if (!this.storedSet || available === this.available) return;
    this.available = available;
    this.state = available ? 'stored' : 'new';
    this.render();
  }

  render() {
    const { field } = this;
    this.input = null;
    this.element.replaceChildren();
    this.label.htmlFor = '';
    if (this.state === 'stored') {
      const groupLabel = uid('secret-state');
      this.element.append(h('div', { class: 'secret-state', role: 'group', 'aria-labelledby': `${this.label.id} ${groupLabel}` },
        pill('set', 'set'),
        h('span', { id: groupLabel, class: 'muted' }, 'stored, not shown'),
        button('Replace', () => { this.state = 'replace'; this.render(); this.input.focus(); },
          { small: true, variant: 'subtle', 'aria-label': `Replace ${field.label}` }),
        field.required ? null : button('Remove', () => { this.state = 'remove'; this.render(); this.undo?.focus(); },
          { small: true, variant: 'subtle', 'aria-label': `Remove ${field.label}` })));
      return;
    }
    if (this.state === 'remove') {
      this.undo = button('Undo', () => { this.state = 'stored'; this.render(); }, { small: true, variant: 'subtle', 'aria-label': `Keep ${field.label}` });
      this.element.append(h('div', { class: 'secret-state' }, pill('failed', 'removed on save'), this.undo));
      return;
    }
    const attrs = {
      id: this.id, name: this.id, autocomplete: 'new-password', spellcheck: 'false',
      'aria-describedby': this.describedBy, 'data-secret': 'true',
    };
    this.input = field.kind === 'textarea'
      ? h('textarea', { ...attrs, rows: 6, class: 'mono' })
      : h('input', { ...attrs, type: 'password' });
    this.label.htmlFor = this.id;
    const row = h('div', { class: 'secret-input' }, this.input);
    if (field.fileAccept) {
      const fileId = uid('file');
      const file = h('input', {
        type: 'file', id: fileId, class: 'visually-hidden-file', accept: field.fileAccept,
        onchange: async () => { if (file.files[0]) this.input.value = await file.files[0].text(); },
      });
      row.append(file, h('label', { for: fileId, class: 'button subtle small file-button' }, 'Load from file…'));
    }
    if (this.state === 'replace') {
      row.append(button('Keep stored', () => { this.state = 'stored'; this.render(); },
        { small: true, variant: 'subtle', 'aria-label': `Keep the stored ${field.label}` }));
    }
    this.element.append(row);
  }

  /** The new value typed, if any. */
  value() {
    if (!this.input) return undefined;
    const text = this.field.kind === 'textarea' ? this.input.value : this.input.value.trim();
    return text.trim() === '' ? undefined : text;
  }

  /** Whether the server will have a value after saving. */
  has() {
    if (this.state === 'stored') return true;
    if (this.state === 'remove') return false;
    if (this.state === 'replace') return true;  // left empty: the stored value is kept
    return this.value() !== undefined;
  }

  /** What PATCH sends: the new value, null to remove, or undefined to keep. */
  change() {
    if (this.state === 'remove') return null;
    if (this.state === 'replace' || this.state === 'new') return this.value();
    return undefined;
  }

  focus() { (this.input ?? this.element.querySelector('button'))?.focus(); }
}

/** Edits one type object, such as `postgresConnection`. */
export class SettingsEditor {
  /**
   * `stored`: the object as read (no secrets), or null; `secretsSet`: names of its secret
   * fields that are stored (`password`, `connectionString.password`).
   */
  constructor(def, { stored = null, secretsSet = new Set(), idPrefix = uid('settings') } = {}) {
    this.def = def;
    this.stored = stored ?? {};
    this.isStored = stored !== null;
    this.secretsSet = secretsSet;
    this.controls = new Map();
    this.mode = def.modes ? (this.stored.connectionString ? 'string' : def.modes[0].id) : null;
    this.element = h('div', { class: 'settings-editor' });
    if (def.modes) this.element.append(this.renderModes(idPrefix));
    const grid = h('div', { class: 'field-grid' });
    for (const field of def.fields) grid.append(this.renderField(field, idPrefix));
    this.element.append(grid);
    if (def.note) this.element.append(h('p', { class: 'help' }, def.note));
    this.applyMode();
  }

  renderModes(idPrefix) {
    const name = `${idPrefix}-mode`;
    const legendId = uid('legend');
    const group = h('fieldset', { class: 'segmented', 'aria-labelledby': legendId },
      h('legend', { id: legendId, class: 'field-label' }, 'Connect with'));
    const options = h('div', { class: 'segmented-options' });
    for (const mode of this.def.modes) {
      const id = `${name}-${mode.id}`;
      options.append(h('span', { class: 'segment' },
        h('input', {
          type: 'radio', name, id, value: mode.id, checked: this.mode === mode.id,
          onchange: () => { this.mode = mode.id; this.applyMode(); },
        }),
        h('label', { for: id }, mode.label)));
    }
    group.append(options);
    return group;
  }

  renderField(field, idPrefix) {
    const id = `${idPrefix}-${field.name}`;
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const requiredMark = field.required === true ? h('span', { class: 'required' }, 'required') : null;
    const label = h('label', { id: `${id}-label`, for: id, class: 'field-label' }, field.label, requiredMark);
    const help = [];
    if (field.requiredWhen) help.push(h('span', {}, `Required ${field.requiredWhen}. `));
    if (field.help) help.push(h('span', {}, field.help));
    if (field.secretPart && this.secretsSet.has(`${field.name}.${field.secretPart}`)) {
      help.push(h('span', { class: 'secret-part' }, pill('set', `${field.secretPart} set`),
        ' The stored string carries a password (not shown). It is kept while the string is unchanged; a changed string must carry its own, or use the Password field.'));
    }
    const describedBy = [help.length ? helpId : null, errorId].filter(Boolean).join(' ');
    let control;
    let secret = null;
    if (field.secret) {
      secret = new SecretInput(field, { id, describedBy, stored: this.secretsSet.has(field.name), label });
      control = secret.element;
    } else {
      const value = this.stored[field.name];
      const attrs = {
        id, name: id, 'aria-describedby': describedBy, placeholder: field.placeholder,
        autocomplete: field.autocomplete ?? 'off', spellcheck: 'false',
        value: value === undefined || value === null ? '' : String(value),
      };
      if (field.kind === 'integer' || field.kind === 'digits') attrs.inputmode = 'numeric';
      control = field.kind === 'textarea' ? h('textarea', { ...attrs, rows: 4, class: 'mono' }) : h('input', { ...attrs, type: 'text' });
    }
    const wrapper = h('div', { class: `field${field.kind === 'textarea' || field.name === 'connectionString' ? ' wide' : ''}`, dataset: { field: field.name } },
      label, control,
      help.length ? h('p', { class: 'help', id: helpId }, help) : null,
      h('p', { class: 'field-error', id: errorId, hidden: true }));
    this.controls.set(field.name, { field, wrapper, control, secret, errorEl: wrapper.querySelector('.field-error') });
    return wrapper;
  }

  applyMode() {
    for (const { field, wrapper } of this.controls.values()) {
      wrapper.hidden = Boolean(field.mode && field.mode !== this.mode);
    }
  }

  visible(field) { return !field.mode || field.mode === this.mode; }

  /** A non-secret field's value: `{value}` (undefined when empty) or `{error}`. */
  read(name) {
    const { field, control } = this.controls.get(name);
    const raw = field.kind === 'textarea' ? control.value : control.value.trim();
    if (raw.trim() === '') return { value: undefined };
    if (field.kind === 'integer') {
      if (!/^-?\d+$/.test(raw)) return { error: 'must be a whole number' };
      return { value: Number.parseInt(raw, 10) };
    }
    return { value: raw };
  }

  has = (name) => {
    const entry = this.controls.get(name);
    if (!entry || !this.visible(entry.field)) return false;
    if (entry.secret) return entry.secret.has();
    const { value } = this.read(name);
    return value !== undefined;
  };

  /** Everything set in the form, for a new connection or a type switch. */
  full() {
    const object = {};
    for (const [name, { field, secret }] of this.controls) {
      if (!this.visible(field)) continue;
      const value = secret ? secret.value() : this.read(name).value;
      if (value !== undefined) object[name] = value;
    }
    return object;
  }

  /** Only what changed against what was read: new values, null for cleared ones. */
  diff() {
    const patch = {};
    for (const [name, { field, secret }] of this.controls) {
      if (secret) {
        const change = this.visible(field) ? secret.change() : undefined;
        if (change !== undefined) patch[name] = change;
        continue;
      }
      const before = this.stored[name];
      if (!this.visible(field)) {
        if (before !== undefined && before !== null) patch[name] = null;
        continue;
      }
      const { value } = this.read(name);
      if (value === undefined) {
        if (before !== undefined && before !== null) patch[name] = null;
      } else if (!same(value, before)) {
        patch[name] = value;
      }
    }
    return patch;
  }

  /** Checks every shown field; marks the ones in error; returns [{focus, message}]. */
  validate() {
    const problems = [];
    for (const [name, entry] of this.controls) {
      const { field, secret } = entry;
      this.setError(name, null);
      if (!this.visible(field)) continue;
      let message = null;
      const required = typeof field.required === 'function' ? field.required(this.has) : field.required;
      if (secret) {
        if (required && !secret.has()) {
          message = field.requiredWhen ? `is required ${field.requiredWhen}` : 'is required';
        } else if (field.rule && secret.value() !== undefined) {
          message = field.rule(secret.value());
        }
      } else {
        const { value, error } = this.read(name);
        if (error) message = error;
        else if (required && value === undefined) message = field.requiredWhen ? `is required ${field.requiredWhen}` : 'is required';
        else if (field.rule && value !== undefined) message = field.rule(value);
      }
      if (message) {
        this.setError(name, message);
        problems.push({ message: `${field.label} ${message}`, focus: () => this.focusField(name) });
      }
    }
    return problems;
  }

  setError(name, message) {
    const entry = this.controls.get(name);
    if (!entry) return false;
    const { errorEl, control, secret } = entry;
    errorEl.hidden = !message;
    errorEl.textContent = message ? `${entry.field.label} ${message}` : '';
    entry.wrapper.classList.toggle('invalid', Boolean(message));
    const input = secret ? secret.input : control;
    if (input) {
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    return true;
  }

  focusField(name) {
    const entry = this.controls.get(name);
    if (!entry) return;
    if (entry.secret) entry.secret.focus();
    else entry.control.focus();
  }

  /** Shows a server message on the field its path names (`port`, `connectionString.password`). */
  showServerError(path, message) {
    const name = path.split('.')[0];
    if (!this.controls.has(name)) return false;
    const entry = this.controls.get(name);
    const { errorEl } = entry;
    this.setError(name, message);
    errorEl.textContent = message;
    this.focusField(name);
    return true;
  }

  setStoredAvailable(available) {
    for (const { secret } of this.controls.values()) secret?.setStoredAvailable(available);
  }
}

/** One attached database of a DuckDB connection. */
class AttachedItem {
  constructor(list, stored, secretsSet) {
    this.list = list;
    this.originalName = stored?.name ?? null;
    this.originalType = stored ? (stored.type ?? ATTACHED_TYPES.find((t) => stored[t.key])?.id) : null;
    this.stored = stored;
    this.secretsSet = secretsSet;
    this.editors = new Map();
    this.idPrefix = uid('attached');
    const nameId = `${this.idPrefix}-name`;
    const typeId = `${this.idPrefix}-type`;
    this.nameInput = h('input', {
      id: nameId, type: 'text', value: this.originalName ?? '', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': `${nameId}-help ${nameId}-error`, oninput: () => this.refresh(),
    });
    this.typeSelect = h('select', { id: typeId, onchange: () => this.showType() },
      ATTACHED_TYPES.map((type) => h('option', { value: type.id, selected: type.id === (this.originalType ?? 'postgres') }, type.label)));
    this.nameError = h('p', { class: 'field-error', id: `${nameId}-error`, hidden: true });
    this.renameNote = h('p', { class: 'help warn', id: `${nameId}-help`, hidden: true },
      'A renamed attachment is saved as a new one: enter its secrets again.');
    this.legend = h('legend', {}, this.originalName ? `Attached database ${this.originalName}` : 'New attached database');
    this.body = h('div', { class: 'attached-body' });
    this.element = h('fieldset', { class: 'attached' },
      this.legend,
      h('div', { class: 'field-grid' },
        h('div', { class: 'field' },
          h('label', { for: nameId, class: 'field-label' }, 'Name', h('span', { class: 'required' }, 'required')),
          this.nameInput, this.renameNote, this.nameError),
        h('div', { class: 'field' }, h('label', { for: typeId, class: 'field-label' }, 'Type'), this.typeSelect)),
      this.body,
      h('div', { class: 'actions end' },
        button('Remove attachment', () => list.remove(this), { small: true, variant: 'subtle', 'aria-label': `Remove attached database ${this.originalName ?? ''}`.trim() })));
    this.showType();
  }

  get type() { return this.typeSelect.value; }
  get name() { return this.nameInput.value.trim(); }
  get isExisting() { return this.originalName !== null && this.name === this.originalName && this.type === this.originalType; }

  editor() {
    const type = this.type;
    if (!this.editors.has(type)) {
      const def = attachedTypeById(type);
      const isOriginal = type === this.originalType;
      const stored = isOriginal ? this.stored[def.key] ?? {} : null;
      const prefix = `${def.key}.`;
      const secrets = new Set(isOriginal
        ? [...this.secretsSet].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length))
        : []);
      this.editors.set(type, new SettingsEditor(def, { stored, secretsSet: secrets, idPrefix: `${this.idPrefix}-${type}` }));
    }
    return this.editors.get(type);
  }

  showType() {
    this.body.replaceChildren(this.editor().element);
    this.refresh();
  }

  refresh() {
    const renamed = this.originalName !== null && this.name !== this.originalName;
    this.renameNote.hidden = !renamed;
    if (this.editors.has(this.originalType)) this.editors.get(this.originalType).setStoredAvailable(!renamed);
  }

  full() {
    const def = attachedTypeById(this.type);
    return { name: this.name, type: this.type, [def.key]: this.editor().full() };
  }

  /** The list item PATCH sends: the name alone keeps an item as it is. */
  patchItem() {
    if (!this.isExisting) return this.full();
    const def = attachedTypeById(this.type);
    const diff = this.editor().diff();
    return Object.keys(diff).length ? { name: this.name, [def.key]: diff } : { name: this.name };
  }

  changed() {
    return !this.isExisting || Object.keys(this.editor().diff()).length > 0;
  }

  setNameError(message) {
    this.nameError.hidden = !message;
    this.nameError.textContent = message ? `Name ${message}` : '';
    if (message) this.nameInput.setAttribute('aria-invalid', 'true');
    else this.nameInput.removeAttribute('aria-invalid');
  }
}

/** A DuckDB connection's `attachedDatabases`. */
export class AttachmentsEditor {
  constructor(def, { stored = null, secretsSet = new Set() } = {}) {
    this.def = def;
    this.storedNames = (stored?.attachedDatabases ?? []).map((item) => item.name);
    this.items = [];
    this.list = h('div', { class: 'attached-list' });
    this.empty = h('p', { class: 'muted' }, 'No attached databases: an in-process database of its own.');
    this.element = h('div', { class: 'settings-editor' },
      h('h3', { class: 'subheading' }, 'Attached databases'),
      h('p', { class: 'help' }, 'PostgreSQL (read-only), BigQuery, Snowflake, and S3 or GCS object stores, reachable from this connection\'s SQL under their names.'),
      this.empty, this.list,
      button('Add attached database', () => {
        const item = this.add(null);
        item.nameInput.focus();
      }, { variant: 'subtle', small: true }));
    for (const item of stored?.attachedDatabases ?? []) {
      const prefix = `attachedDatabases[${item.name}].`;
      const secrets = new Set([...secretsSet].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length)));
      this.add(item, secrets);
    }
    this.update();
  }

  add(stored, secrets = new Set()) {
    const item = new AttachedItem(this, stored, secrets);
    this.items.push(item);
    this.list.append(item.element);
    this.update();
    return item;
  }

  remove(item) {
    this.items = this.items.filter((other) => other !== item);
    item.element.remove();
    this.update();
  }

  update() { this.empty.hidden = this.items.length > 0; }

  has() { return false; }

  full() {
    return this.items.length ? { attachedDatabases: this.items.map((item) => item.full()) } : {};
  }

  diff() {
    const names = this.items.map((item) => item.name);
    const sameList = names.length === this.storedNames.length && names.every((name, i) => name === this.storedNames[i]);
    if (sameList && !this.items.some((item) => item.changed())) return {};
    return { attachedDatabases: this.items.map((item) => item.patchItem()) };
  }

  validate() {
    const problems = [];
    const seen = new Set();
    this.items.forEach((item, index) => {
      let message = rules.attachedName(item.nameInput.value);
      if (!message && seen.has(item.name.toLowerCase())) message = 'repeats the name of another attached database';
      seen.add(item.name.toLowerCase());
      item.setNameError(message);
      if (message) problems.push({ message: `Attached database ${index + 1}: name ${message}`, focus: () => item.nameInput.focus() });
      for (const problem of item.editor().validate()) {
        problems.push({ ...problem, message: `Attached database ${item.name || index + 1}: ${problem.message}` });
      }
    });
    return problems;
  }

  /** `attachedDatabases[0].s3Connection.secretAccessKey` → that item's field. */
  showServerError(path, message) {
    const match = /^attachedDatabases\[(\d+)\](?:\.(.*))?$/.exec(path);
    if (!match) return false;
    const item = this.items[Number(match[1])];
    if (!item) return false;
    const rest = match[2] ?? '';
    if (rest === 'name' || rest === '') {
      item.setNameError(message);
      item.nameInput.focus();
      return true;
    }
    const key = attachedTypeById(item.type).key;
    return rest.startsWith(`${key}.`) ? item.editor().showServerError(rest.slice(key.length + 1), message) : false;
  }
}
