// The API reference: renders the contract the server serves at /api/v0/openapi.json (no
// token needed) — operations grouped by tag (or, without tags, by the part of the API their
// path belongs to), each with its parameters, request body and responses, `$ref`s resolved.

import { h, replace } from './js/dom.js';

const CONTRACT_URL = '/api/v0/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const MAX_DEPTH = 6;

const main = document.getElementById('main');
let doc = null;

/** Inline markdown: `code`, **bold**, [text](url); everything else as text. */
function inline(text) {
  const nodes = [];
  const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const token = match[0];
    if (token.startsWith('`')) nodes.push(h('code', {}, token.slice(1, -1)));
    else if (token.startsWith('**')) nodes.push(h('strong', {}, token.slice(2, -2)));
    else {
      const [, label, url] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      nodes.push(/^(https?:|\/|#|\.)/.test(url) ? h('a', { href: url }, label) : label);
    }
    last = match.index + token.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Block markdown: paragraphs and `- ` lists. */
function markdown(text, className = 'prose') {
  if (!text) return null;
  const container = h('div', { class: className });
  for (const block of text.trim().split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines.every((line) => /^\s*- /.test(line) || /^\s{2,}\S/.test(line))) {
      const items = [];
      for (const line of lines) {
        if (/^\s*- /.test(line)) items.push(line.replace(/^\s*- /, ''));
        else if (items.length) items[items.length - 1] += ` ${line.trim()}`;
      }
      container.append(h('ul', {}, items.map((item) => h('li', {}, inline(item)))));
    } else {
      container.append(h('p', {}, inline(lines.map((line) => line.trim()).join(' '))));
    }
  }
  return container;
}

function refName(ref) { return ref.split('/').pop(); }

/** Follows `#/components/...` references within the document. */
function resolve(node) {
  let current = node;
  const seen = new Set();
  while (current && current.$ref && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    if (!current.$ref.startsWith('#/')) return current;
    current = current.$ref.slice(2).split('/').reduce((value, key) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return current ?? {};
}

function schemaAnchor(name) { return `schema-${name}`; }

/** A short description of a schema's type: `string`, `array of Project`, `integer (1–65535)`. */
function typeLabel(schema) {
  if (!schema) return 'any';
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return h('a', { href: `#${schemaAnchor(name)}`, class: 'type-ref' }, name);
  }
  if (schema.type === 'array') return h('span', {}, 'array of ', typeLabel(schema.items));
  const types = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (!types) {
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      if (schema[key]) return h('span', {}, schema[key].map((part, i) => [i ? (key === 'allOf' ? ' & ' : ' | ') : '', typeLabel(part)]));
    }
    return schema.properties ? 'object' : 'any';
  }
  return schema.format ? `${types} (${schema.format})` : types;
}

/** Facts about a value: enum, pattern, bounds, default, read/write only, deprecated. */
function constraints(schema) {
  const facts = [];
  if (schema.enum) facts.push(h('span', {}, 'one of ', schema.enum.map((value, i) => [i ? ', ' : '', h('code', {}, JSON.stringify(value))])));
  if (schema.pattern) facts.push(h('span', {}, 'pattern ', h('code', {}, schema.pattern)));
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    facts.push(h('span', {}, schema.minimum !== undefined && schema.maximum !== undefined
      ? `${schema.minimum} to ${schema.maximum}` : schema.minimum !== undefined ? `at least ${schema.minimum}` : `at most ${schema.maximum}`));
  }
  if (schema.minLength !== undefined) facts.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) facts.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) facts.push(h('span', {}, 'default ', h('code', {}, JSON.stringify(schema.default))));
  if (schema.contentEncoding) facts.push(`encoding ${schema.contentEncoding}`);
  if (schema.additionalProperties === false) facts.push('no other members');
  return facts;
}

function flags(schema) {
  return [
    schema.readOnly ? h('span', { class: 'flag flag-read' }, 'read-only') : null,
    schema.writeOnly ? h('span', { class: 'flag flag-write' }, 'write-only') : null,
    schema.deprecated ? h('span', { class: 'flag flag-deprecated' }, 'deprecated') : null,
  ];
}

/** A schema as a readable tree: members with their types, rules and descriptions. */
function schemaView(schema, depth = 0, trail = new Set()) {
  if (!schema) return h('p', { class: 'muted' }, 'Any value.');
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (trail.has(name) || depth >= MAX_DEPTH) {
      return h('p', { class: 'schema-line' }, h('a', { href: `#${schemaAnchor(name)}`, class: 'type-ref' }, name), h('span', { class: 'muted' }, ' (see below)'));
    }
    const inner = new Set(trail);
    inner.add(name);
    return h('details', { class: 'schema-ref', open: depth === 0 ? true : null },
      h('summary', {}, h('span', { class: 'type-ref' }, name), h('span', { class: 'muted' }, ` ${summaryOf(resolve(schema))}`)),
      schemaView(resolve(schema), depth + 1, inner));
  }
  const parts = [];
  if (schema.description && depth > 0) parts.push(markdown(schema.description, 'prose small'));
  if (schema.type === 'array') {
    parts.push(h('p', { class: 'schema-line' }, 'An array of ', typeLabel(schema.items), '.'));
    const items = schema.items ?? {};
    if (items.$ref || items.properties || items.type === 'array') parts.push(h('div', { class: 'nested' }, schemaView(items, depth + 1, trail)));
    return h('div', { class: 'schema' }, parts);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    if (schema[key]) {
      parts.push(h('p', { class: 'schema-line' }, key === 'allOf' ? 'All of:' : 'One of:'));
      parts.push(h('div', { class: 'nested' }, schema[key].map((part) => schemaView(part, depth + 1, trail))));
    }
  }
  if (schema.properties) {
    const required = new Set(schema.required ?? []);
    const rows = Object.entries(schema.properties).map(([name, property]) => {
      const resolved = property.$ref ? resolve(property) : property;
      const target = property.$ref ? property : (property.type === 'array' && property.items?.$ref ? property.items : null);
      const targetSchema = target ? resolve(target) : null;
      const nested = targetSchema && (targetSchema.properties || targetSchema.type === 'object' || targetSchema.type === 'array' || targetSchema.oneOf || targetSchema.anyOf || targetSchema.allOf) ? target : null;
      const facts = constraints(property.$ref && !nested ? { ...resolved, ...property } : property);
      const description = property.description ?? null;
      return h('li', { class: 'member' },
        h('div', { class: 'member-head' },
          h('code', { class: 'member-name' }, name),
          h('span', { class: 'member-type' }, typeLabel(property)),
          required.has(name) ? h('span', { class: 'flag flag-required' }, 'required') : null,
          flags(property)),
        description ? markdown(description, 'prose small') : null,
        facts.length ? h('p', { class: 'facts' }, facts.map((fact, i) => [i ? ' · ' : '', fact])) : null,
        nested && depth < MAX_DEPTH - 1 && !trail.has(refName(nested.$ref))
          ? h('div', { class: 'nested' }, schemaView(nested, depth + 1, trail)) : null,
        !nested && property.properties ? h('div', { class: 'nested' }, schemaView(property, depth + 1, trail)) : null);
    });
    parts.push(h('ul', { class: 'members' }, rows));
    const facts = constraints({ additionalProperties: schema.additionalProperties });
    if (facts.length) parts.push(h('p', { class: 'facts' }, facts));
  } else if (schema.type !== 'array') {
    const facts = constraints(schema);
    parts.push(h('p', { class: 'schema-line' }, h('span', { class: 'member-type' }, typeLabel(schema)), flags(schema),
      facts.length ? [' · ', facts.map((fact, i) => [i ? ' · ' : '', fact])] : null));
  }
  return h('div', { class: 'schema' }, parts);
}

function summaryOf(schema) {
  if (schema.type === 'array') return 'array';
  if (schema.properties) {
    const count = Object.keys(schema.properties).length;
    return `object, ${count} ${count === 1 ? 'member' : 'members'}`;
  }
  return schema.type ?? '';
}

function parametersOf(pathItem, operation) {
  const byKey = new Map();
  for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const resolved = resolve(parameter);
    byKey.set(`${resolved.in}:${resolved.name}`, resolved);
  }
  return [...byKey.values()];
}

function contentView(content) {
  return Object.entries(content ?? {}).map(([mediaType, media]) => h('div', { class: 'media' },
    h('p', { class: 'media-type' }, h('code', {}, mediaType)),
    media.schema ? schemaView(media.schema) : h('p', { class: 'muted' }, 'No schema.')));
}

function operationView(path, method, pathItem, operation) {
  const id = `op-${operation.operationId ?? `${method}-${path}`}`;
  const security = operation.security ?? doc.security ?? [];
  const parameters = parametersOf(pathItem, operation);
  const body = operation.requestBody ? resolve(operation.requestBody) : null;
  const responses = Object.entries(operation.responses ?? {}).sort(([a], [b]) => (a === 'default') - (b === 'default') || a.localeCompare(b));
  return h('article', { class: `operation op-${method}`, id, dataset: { search: `${method} ${path} ${operation.operationId ?? ''} ${operation.summary ?? ''}`.toLowerCase() } },
    h('header', { class: 'op-head' },
      h('span', { class: `method method-${method}` }, method.toUpperCase()),
      h('h3', { class: 'op-path' }, h('code', {}, path)),
      operation.deprecated ? h('span', { class: 'flag flag-deprecated' }, 'deprecated') : null,
      security.length === 0 ? h('span', { class: 'flag flag-open' }, 'no token') : h('span', { class: 'flag' }, 'bearer token')),
    operation.summary ? h('p', { class: 'op-summary' }, inline(operation.summary)) : null,
    operation.operationId ? h('p', { class: 'op-id muted small' }, 'Operation ', h('code', {}, operation.operationId)) : null,
    markdown(operation.description),
    parameters.length ? h('section', { class: 'op-section' },
      h('h4', {}, 'Parameters'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data-table compact params' },
        h('thead', {}, h('tr', {}, ['Name', 'In', 'Type', 'Description'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, parameters.map((parameter) => h('tr', {},
          h('th', { scope: 'row' }, h('code', {}, parameter.name), parameter.required ? h('span', { class: 'flag flag-required' }, 'required') : null),
          h('td', {}, parameter.in),
          h('td', {}, typeLabel(parameter.schema), parameter.schema ? constraints(resolve(parameter.schema)).map((fact) => [' · ', fact]) : null),
          h('td', {}, parameter.description ? inline(parameter.description) : '—'))))))) : null,
    body ? h('section', { class: 'op-section' },
      h('h4', {}, 'Request body', body.required ? h('span', { class: 'flag flag-required' }, 'required') : null),
      markdown(body.description), contentView(body.content)) : null,
    h('section', { class: 'op-section' },
      h('h4', {}, 'Responses'),
      responses.map(([status, response]) => {
        const resolved = resolve(response);
        const kind = status === 'default' ? 'default' : status[0];
        return h('details', { class: `response response-${kind}`, open: kind === '2' ? true : null },
          h('summary', {}, h('span', { class: `status status-${kind}` }, status), ' ', inline(resolved.description ?? '')),
          resolved.headers ? h('div', { class: 'headers' }, h('p', { class: 'media-type' }, 'Headers'),
            h('ul', { class: 'members' }, Object.entries(resolved.headers).map(([name, header]) => {
              const value = resolve(header);
              return h('li', { class: 'member' }, h('div', { class: 'member-head' },
                h('code', { class: 'member-name' }, name), h('span', { class: 'member-type' }, typeLabel(value.schema)),
                value.required ? h('span', { class: 'flag flag-required' }, 'always') : null),
              value.description ? markdown(value.description, 'prose small') : null);
            }))) : null,
          contentView(resolved.content));
      })));
}

/** The group an operation is listed under: its first tag, else the part of the API of its path. */
function groupOf(path, operation) {
  if (operation.tags?.length) return operation.tags[0];
  const families = [
    [/\/(sqlQuery|queryData|sqlSource|sqlTemporaryTable|temporaryTable)$/, 'Statements'],
    [/\/schemas(\/|$)/, 'Schemas and tables'],
    [/\/test$/, 'Connection tests'],
    [/\/connections(\/|$)/, 'Connections'],
    [/^\/projects/, 'Projects'],
    [/openapi/, 'Contract'],
  ];
  for (const [pattern, name] of families) if (pattern.test(path)) return name;
  return 'Server';
}

function pathOrder(a, b) {
  const depth = (path) => path.split('/').length;
  return depth(a) - depth(b) || a.localeCompare(b);
}

function render() {
  const groups = new Map();
  const tagOrder = (doc.tags ?? []).map((tag) => tag.name);
  for (const name of tagOrder) groups.set(name, []);
  const familyOrder = ['Server', 'Contract', 'Projects', 'Connections', 'Connection tests', 'Schemas and tables', 'Statements'];
  const usesTags = Object.values(doc.paths ?? {}).some((item) => METHODS.some((m) => item[m]?.tags?.length));
  if (!usesTags) for (const name of familyOrder) groups.set(name, []);
  for (const path of Object.keys(doc.paths ?? {}).sort(pathOrder)) {
    const item = doc.paths[path];
    for (const method of METHODS) {
      if (!item[method]) continue;
      const group = groupOf(path, item[method]);
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push({ path, method, item, operation: item[method] });
    }
  }
  const filled = [...groups].filter(([, operations]) => operations.length);
  const tagInfo = new Map((doc.tags ?? []).map((tag) => [tag.name, tag]));
  const slug = (text) => `group-${text.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

  const filter = h('input', {
    type: 'search', id: 'op-filter', placeholder: 'Filter by path or name', autocomplete: 'off',
    oninput: () => {
      const needle = filter.value.trim().toLowerCase();
      for (const element of document.querySelectorAll('.operation')) element.hidden = needle !== '' && !element.dataset.search.includes(needle);
      for (const element of document.querySelectorAll('.toc-op')) element.hidden = needle !== '' && !element.dataset.search.includes(needle);
      for (const section of document.querySelectorAll('.op-group')) section.hidden = ![...section.querySelectorAll('.operation')].some((op) => !op.hidden);
    },
  });

  const toc = h('nav', { class: 'toc', 'aria-label': 'Operations' },
    h('div', { class: 'field compact' }, h('label', { for: 'op-filter', class: 'field-label' }, 'Filter operations'), filter),
    h('ol', { class: 'toc-groups' }, filled.map(([group, operations]) => h('li', {},
      h('a', { href: `#${slug(group)}`, class: 'toc-group' }, group),
      h('ol', {}, operations.map(({ path, method, operation }) => h('li', { class: 'toc-op', dataset: { search: `${method} ${path} ${operation.operationId ?? ''} ${operation.summary ?? ''}`.toLowerCase() } },
        h('a', { href: `#op-${operation.operationId ?? `${method}-${path}`}` },
          h('span', { class: `method small method-${method}` }, method.toUpperCase()),
          h('span', { class: 'toc-path' }, operation.operationId ?? path)))))))),
    h('a', { href: '#schemas', class: 'toc-group' }, 'Schemas'));

  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const info = doc.info ?? {};
  const content = h('div', { class: 'ref-content' },
    h('header', { class: 'ref-intro' },
      h('h1', {}, `${info.title ?? 'API'} API reference`),
      h('p', { class: 'meta' },
        info.version ? h('span', { class: 'tag' }, `version ${info.version}`) : null,
        h('span', { class: 'tag muted' }, `OpenAPI ${doc.openapi ?? ''}`),
        (doc.servers ?? []).map((server) => h('span', {}, 'Base URL ', h('code', {}, server.url))),
        h('a', { href: '/api/v0/openapi.yaml' }, 'openapi.yaml'), h('a', { href: CONTRACT_URL }, 'openapi.json')),
      markdown(info.description),
      h('p', { class: 'muted small' }, 'Calls need ', h('code', {}, 'Authorization: Bearer <admin token>'),
        ' unless marked “no token”. Failures answer ', h('a', { href: `#${schemaAnchor('Error')}` }, 'Error'), '.')),
    filled.map(([group, operations]) => h('section', { class: 'op-group', id: slug(group), 'aria-labelledby': `${slug(group)}-title` },
      h('h2', { id: `${slug(group)}-title` }, group),
      tagInfo.get(group)?.description ? markdown(tagInfo.get(group).description) : null,
      operations.map(({ path, method, item, operation }) => operationView(path, method, item, operation)))),
    h('section', { class: 'op-group', id: 'schemas', 'aria-labelledby': 'schemas-title' },
      h('h2', { id: 'schemas-title' }, 'Schemas'),
      schemas.map(([name, schema]) => h('article', { class: 'schema-card', id: schemaAnchor(name) },
        h('h3', {}, h('code', {}, name), h('span', { class: 'muted small' }, ` ${summaryOf(schema)}`)),
        schemaView(schema, 1, new Set([name]))))));

  replace(main, h('div', { class: 'ref-layout' }, h('aside', { class: 'ref-side' }, toc), content));
  document.title = `${info.title ?? 'API'} API reference`;
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

async function load() {
  try {
    const response = await fetch(CONTRACT_URL, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    doc = await response.json();
    render();
  } catch (error) {
    replace(main, h('h1', {}, 'API reference'),
      h('div', { class: 'notice error', role: 'alert' }, h('p', {}, `The contract could not be loaded from ${CONTRACT_URL}: ${error.message}`)));
  }
}

load();
