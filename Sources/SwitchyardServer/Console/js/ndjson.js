// Reading a streamed result: NDJSON lines as they arrive, and rows parsed in column order.

/**
 * Yields arrays of complete lines as the body arrives, one array per chunk read, so a page
 * can render a chunk's rows at once. A last line without a newline is yielded at the end.
 */
export async function* lineBatches(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const end = pending.lastIndexOf('\n');
      if (end < 0) continue;
      const lines = pending.slice(0, end).split('\n').filter((line) => line.trim() !== '');
      pending = pending.slice(end + 1);
      if (lines.length) yield lines;
    }
    pending += decoder.decode();
    if (pending.trim() !== '') yield [pending];
  } finally {
    reader.releaseLock();
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Parses one row object, `{"column": value, ...}`, keeping what JSON.parse would lose: the
 * order of the columns (numeric names included), columns that share a name, and every digit
 * of a number. Returns `{keys, values}`; each value is `{kind, value}` where kind is one of
 * string, number (value: its text), boolean, null, json (value: the nested JSON text).
 */
export function parseRow(text) {
  let index = 0;
  const fail = (what) => { throw new SyntaxError(`${what} at character ${index} of a result row`); };
  const skipSpace = () => { while (index < text.length && WHITESPACE.has(text[index])) index += 1; };
  const readString = () => {
    const start = index;
    index += 1;
    while (index < text.length) {
      const char = text[index];
      if (char === '\\') index += 2;
      else if (char === '"') { index += 1; return JSON.parse(text.slice(start, index)); }
      else index += 1;
    }
    return fail('unterminated string');
  };
  const skipNested = () => {
    const start = index;
    let depth = 0;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') { readString(); continue; }
      if (char === '{' || char === '[') depth += 1;
      else if (char === '}' || char === ']') {
        depth -= 1;
        if (depth === 0) { index += 1; return text.slice(start, index); }
      }
      index += 1;
    }
    return fail('unterminated value');
  };
  const readValue = () => {
    skipSpace();
    const char = text[index];
    if (char === '"') return { kind: 'string', value: readString() };
    if (char === '{' || char === '[') return { kind: 'json', value: skipNested() };
    for (const [word, kind, value] of [['true', 'boolean', true], ['false', 'boolean', false], ['null', 'null', null]]) {
      if (text.startsWith(word, index)) { index += word.length; return { kind, value }; }
    }
    NUMBER.lastIndex = index;
    const match = NUMBER.exec(text);
    if (!match) return fail('unexpected character');
    index += match[0].length;
    return { kind: 'number', value: match[0] };
  };

  skipSpace();
  if (text[index] !== '{') fail('expected an object');
  index += 1;
  const keys = [];
  const values = [];
  skipSpace();
  if (text[index] === '}') return { keys, values };
  for (;;) {
    skipSpace();
    if (text[index] !== '"') fail('expected a column name');
    keys.push(readString());
    skipSpace();
    if (text[index] !== ':') fail('expected a colon');
    index += 1;
    values.push(readValue());
    skipSpace();
    if (text[index] === ',') { index += 1; continue; }
    if (text[index] === '}') break;
    fail('expected a comma');
  }
  return { keys, values };
}

/**
 * The message of the line a stream ends with when the statement fails after the first row,
 * `{"error": {"message": "..."}}`, or null for a row.
 */
export function streamError(row) {
  if (row.keys.length !== 1 || row.keys[0] !== 'error' || row.values[0].kind !== 'json') return null;
  try {
    const inner = JSON.parse(row.values[0].value);
    const names = inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.keys(inner) : [];
    if (names.length === 1 && typeof inner.message === 'string') return inner.message;
  } catch {
    return null;
  }
  return null;
}
