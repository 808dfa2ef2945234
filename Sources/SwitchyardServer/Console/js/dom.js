// Small helpers for building the page: elements, announcements, formatting.

/**
 * Makes an element. `attrs` may hold `class`, `text`, event handlers (`onclick`), `dataset`,
 * boolean attributes (`true` sets, `false`/`null`/`undefined` leaves out) and plain attributes.
 * Children may be nodes, strings, numbers, arrays of those, or null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in element) element.value = value;
    else if (name === 'checked' || name === 'selected') element[name] = Boolean(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces the children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let idCounter = 0;
/** A document-unique id with a readable prefix. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Says `message` to screen readers through the page's live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A new text node after a tick makes repeated messages heard again.
  setTimeout(() => { region.textContent = message; }, 30);
}

/** `1.2 s`, `340 ms`, `2 min 5 s`. */
export function formatDuration(milliseconds) {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** `3 rows`, `1 row`, with thousands separators. */
export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** `just now`, `4 min ago`. */
export function ago(timestamp) {
  const seconds = Math.round((Date.now() - timestamp) / 1000);
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return new Date(timestamp).toLocaleTimeString();
}

/** A button; `variant` is one of primary, subtle, danger, link. */
export function button(label, onclick, { variant = '', small = false, type = 'button', ...rest } = {}) {
  const classes = ['button', variant, small ? 'small' : ''].filter(Boolean).join(' ');
  return h('button', { type, class: classes, onclick, ...rest }, label);
}

/** A status pill: ok, failed, running, unknown, set. */
export function pill(kind, text) {
  return h('span', { class: `pill pill-${kind}` }, text);
}

/** A notice box; errors are announced with role=alert. */
export function notice(kind, ...children) {
  const role = kind === 'error' ? 'alert' : 'status';
  return h('div', { class: `notice ${kind}`, role }, ...children);
}

/** Moves focus to the page's main heading after navigation. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

/** A confirmation dialog; resolves true when confirmed. */
export function confirmDialog({ title, body, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const close = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const confirm = button(confirmLabel, () => close(true), { variant: danger ? 'danger' : 'primary' });
    append(dialog, [
      h('h2', { id: titleId }, title),
      h('div', { class: 'dialog-body' }, body),
      h('div', { class: 'actions' }, button('Cancel', () => close(false), { variant: 'subtle' }), confirm),
    ]);
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
}
