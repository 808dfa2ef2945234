// The seven connection types and the five kinds of DuckDB attachment, with the same field
// rules the server applies (SwitchyardCore/Settings: validate(at:) and secretFields).

const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
const ATTACHED_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A problem with a value, as the server words it (without the field's path), or null. */
export const rules = {
  port(value) {
    if (value === undefined) return null;
    return Number.isInteger(value) && value >= 1 && value <= 65535 ? null : 'must be a port number from 1 to 65535';
  },
  digits(value) {
    if (value === undefined) return null;
    return /^[0-9]+$/.test(value) ? null : 'must be a whole number written as a string';
  },
  nonNegative(value) {
    if (value === undefined) return null;
    if (!Number.isInteger(value)) return 'must be an integer';
    return value < 0 ? 'must not be negative' : null;
  },
  pem(value) {
    if (value === undefined) return null;
    const text = value.trim();
    return text.startsWith('-----BEGIN ') && text.includes('-----END ') && text.endsWith('-----')
      ? null : 'must be a PEM-encoded key (-----BEGIN … -----END …-----)';
  },
  serviceAccountKey(value) {
    if (value === undefined) return null;
    let key;
    try { key = JSON.parse(value); } catch { return 'must be a service-account key in JSON'; }
    if (!key || typeof key !== 'object' || Array.isArray(key)) return 'must be a service-account key in JSON';
    for (const member of ['client_email', 'private_key']) {
      if (typeof key[member] !== 'string' || key[member] === '') return `must be a service-account key with ${member}`;
    }
    return rules.pem(key.private_key) ? 'must be a service-account key whose private_key is an RSA key in PEM' : null;
  },
  connectionString(value) {
    if (value === undefined) return null;
    const text = value.trim();
    if (/^postgres(ql)?:\/\//.test(text)) return null;
    return /^\s*[a-zA-Z_]+\s*=/.test(text) ? null : 'must be a postgresql:// URI or key=value pairs';
  },
  resourceName(value) {
    if (!value) return 'is required';
    return NAME_PATTERN.test(value) ? null : 'may use only letters, digits, _ and - (^[a-zA-Z0-9_-]+$)';
  },
  attachedName(value) {
    if (!value || !value.trim()) return 'is required';
    return ATTACHED_NAME_PATTERN.test(value)
      ? null : 'must start with a letter or _ and use only letters, digits and _ (^[a-zA-Z_][a-zA-Z0-9_]*$)';
  },
};

/*
 * A field: name (its JSON member), label, kind (text, integer, digits, textarea), secret,
 * required (true, or a function of the form's `has` with requiredWhen saying when), rule (a function of the value), mode
 * (shown only in that mode), placeholder, help, autocomplete.
 */
const postgresFields = [
  { name: 'host', label: 'Host', mode: 'fields', required: true, placeholder: 'db.internal', autocomplete: 'off' },
  { name: 'port', label: 'Port', mode: 'fields', kind: 'integer', rule: rules.port, placeholder: '5432' },
  { name: 'databaseName', label: 'Database name', mode: 'fields', required: true, placeholder: 'analytics' },
  { name: 'userName', label: 'User name', mode: 'fields', autocomplete: 'off' },
  {
    name: 'connectionString', label: 'Connection string', mode: 'string', required: true, rule: rules.connectionString,
    placeholder: 'postgresql://reporter@db.internal:5432/analytics?sslmode=require',
    help: 'A postgresql:// URI or libpq key=value pairs. A password inside it is stored as a secret.',
    secretPart: 'password',
  },
  { name: 'password', label: 'Password', secret: true },
];

const bigqueryFields = [
  { name: 'defaultProjectId', label: 'Default project ID', placeholder: 'my-gcp-project' },
  { name: 'billingProjectId', label: 'Billing project ID', help: 'Defaults to the default project.' },
  { name: 'location', label: 'Location', placeholder: 'US' },
  {
    name: 'serviceAccountKeyJson', label: 'Service-account key (JSON)', kind: 'textarea', secret: true, required: true,
    rule: rules.serviceAccountKey, help: 'The JSON key file, with client_email and an RSA private_key.', fileAccept: '.json,application/json',
  },
  { name: 'maximumBytesBilled', label: 'Maximum bytes billed', kind: 'digits', rule: rules.digits, placeholder: '1000000000' },
  { name: 'queryTimeoutMilliseconds', label: 'Query timeout (ms)', kind: 'digits', rule: rules.digits, placeholder: '300000' },
];

const snowflakeFields = [
  { name: 'account', label: 'Account', required: true, placeholder: 'myorg-account1' },
  { name: 'username', label: 'User name', required: true, autocomplete: 'off' },
  {
    name: 'password', label: 'Password', secret: true,
    required: (has) => !has('privateKey'), requiredWhen: 'unless a private key is set',
  },
  {
    name: 'privateKey', label: 'Private key (PEM)', kind: 'textarea', secret: true, rule: rules.pem,
    help: 'PKCS#8 or PKCS#1; a key pair wins over a password.', fileAccept: '.pem,.p8,.key,text/plain',
  },
  { name: 'privateKeyPass', label: 'Private key passphrase', secret: true, help: 'Only for an encrypted key.' },
  { name: 'warehouse', label: 'Warehouse' },
  { name: 'database', label: 'Database' },
  { name: 'schema', label: 'Schema' },
  { name: 'role', label: 'Role' },
  { name: 'responseTimeoutMilliseconds', label: 'Response timeout (ms)', kind: 'integer', rule: rules.nonNegative },
];

export const ATTACHED_TYPES = [
  { id: 'postgres', label: 'PostgreSQL', key: 'postgresConnection', modes: postgresModes(), fields: postgresFields },
  { id: 'bigquery', label: 'BigQuery', key: 'bigqueryConnection', fields: bigqueryFields },
  { id: 'snowflake', label: 'Snowflake', key: 'snowflakeConnection', fields: snowflakeFields },
  {
    id: 's3', label: 'Amazon S3 (or compatible)', key: 's3Connection',
    fields: [
      {
        name: 'accessKeyId', label: 'Access key ID', autocomplete: 'off',
        required: (has) => has('secretAccessKey'), requiredWhen: 'with a secret access key',
      },
      {
        name: 'secretAccessKey', label: 'Secret access key', secret: true,
        required: (has) => has('accessKeyId'), requiredWhen: 'with an access key ID',
      },
      { name: 'region', label: 'Region', placeholder: 'us-east-1' },
      { name: 'endpoint', label: 'Endpoint', placeholder: 'http://127.0.0.1:9000', help: 'For MinIO or another S3-compatible store. http:// means path-style without TLS.' },
      { name: 'sessionToken', label: 'Session token', secret: true },
    ],
    note: 'Keys are optional together, for public buckets.',
  },
  {
    id: 'gcs', label: 'Google Cloud Storage', key: 'gcsConnection',
    fields: [
      { name: 'keyId', label: 'HMAC key ID', required: true, autocomplete: 'off' },
      { name: 'secret', label: 'HMAC secret', secret: true, required: true },
    ],
  },
];

export const TYPES = [
  {
    id: 'postgres', label: 'PostgreSQL', key: 'postgresConnection', modes: postgresModes(), fields: postgresFields,
    summary: (s) => s.connectionString ? s.connectionString : hostSummary(s.host, s.port, s.databaseName),
  },
  {
    id: 'mysql', label: 'MySQL / MariaDB', key: 'mysqlConnection',
    fields: [
      { name: 'host', label: 'Host', required: true, placeholder: 'db.internal', autocomplete: 'off' },
      { name: 'port', label: 'Port', kind: 'integer', rule: rules.port, placeholder: '3306' },
      { name: 'database', label: 'Database' },
      { name: 'user', label: 'User', required: true, autocomplete: 'off' },
      { name: 'password', label: 'Password', secret: true },
    ],
    summary: (s) => hostSummary(s.host, s.port, s.database),
  },
  {
    id: 'bigquery', label: 'BigQuery', key: 'bigqueryConnection', fields: bigqueryFields,
    summary: (s) => [s.defaultProjectId, s.location].filter(Boolean).join(' · '),
  },
  {
    id: 'snowflake', label: 'Snowflake', key: 'snowflakeConnection', fields: snowflakeFields,
    summary: (s) => [s.account, s.database, s.warehouse].filter(Boolean).join(' · '),
  },
  {
    id: 'duckdb', label: 'DuckDB', key: 'duckdbConnection', attachments: true, fields: [],
    summary: (s) => {
      const attached = s.attachedDatabases ?? [];
      return attached.length ? `in-process · attached: ${attached.map((a) => a.name).join(', ')}` : 'in-process';
    },
  },
  {
    id: 'motherduck', label: 'MotherDuck', key: 'motherduckConnection',
    fields: [
      { name: 'accessToken', label: 'Access token', secret: true, required: true },
      { name: 'database', label: 'Database', placeholder: 'my_db' },
    ],
    summary: (s) => s.database ? `md:${s.database}` : 'md:',
  },
  {
    id: 'trino', label: 'Trino', key: 'trinoConnection',
    fields: [
      { name: 'server', label: 'Server', required: true, placeholder: 'https://trino.internal', help: 'With its scheme: http:// or https://.' },
      { name: 'port', label: 'Port', kind: 'integer', rule: rules.port, placeholder: '8443' },
      { name: 'catalog', label: 'Catalog' },
      { name: 'schema', label: 'Schema' },
      {
        name: 'user', label: 'User', autocomplete: 'off',
        required: (has) => !has('peakaKey'), requiredWhen: 'unless a Peaka key is set',
      },
      { name: 'password', label: 'Password', secret: true, help: 'Sent as basic auth, over https only.' },
      { name: 'peakaKey', label: 'Peaka key', secret: true, help: 'For Peaka, instead of catalog and schema.' },
    ],
    summary: (s) => hostSummary(s.server, s.port, [s.catalog, s.schema].filter(Boolean).join('.')),
  },
];

function postgresModes() {
  return [
    { id: 'fields', label: 'Host and database' },
    { id: 'string', label: 'A connection string' },
  ];
}

function hostSummary(host, port, database) {
  if (!host) return '';
  const target = port ? `${host}:${port}` : host;
  return database ? `${target}/${database}` : target;
}

export function typeById(id) {
  return TYPES.find((type) => type.id === id);
}

export function attachedTypeById(id) {
  return ATTACHED_TYPES.find((type) => type.id === id);
}

/** The type of a connection as read from the API. */
export function typeOf(connection) {
  return typeById(connection.type) ?? TYPES.find((type) => connection[type.key]);
}

/** One line describing where a connection goes, from its settings (never a secret). */
export function summarize(connection) {
  const type = typeOf(connection);
  if (!type) return '';
  return type.summary(connection[type.key] ?? {}) || '';
}
