import type { OpenApiDocument } from '@chatbot/api';

/**
 * A Postman collection (v2.1) generated from the OpenAPI document: one folder per tag, Bearer
 * auth from the `{{accessToken}}` variable, example bodies from the schemas, and sign-in
 * requests that store the tokens they receive. Written by hand rather than with
 * openapi-to-postmanv2 because that tool assigns random ids on every run, and this file is
 * checked in and compared in CI.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
};
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const EXAMPLES: Record<string, unknown> = {
  email: 'you@example.com',
  password: 'correct horse battery',
  name: 'Ada',
  title: 'Trip to Oslo',
  content: 'Hello! What can you do?',
  role: 'user',
  sessionId: '{{sessionId}}',
  groupId: '{{groupId}}',
  model: 'echo',
  code: '<one-time code from /auth/google/callback>',
};

function example(name: string, schema: Schema | undefined): unknown {
  if (name in EXAMPLES) return EXAMPLES[name];
  if (schema?.enum) return schema.enum[0];
  if (schema?.default !== undefined) return schema.default;
  const type = [schema?.type ?? 'string'].flat().find((candidate) => candidate !== 'null');
  if (type === 'boolean') return true;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'object') return exampleObject(schema);
  return 'text';
}

function exampleObject(schema: Schema | undefined) {
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {}).map(([name, property]) => [
      name,
      example(name, property),
    ]),
  );
}

/** Requests whose answer holds tokens keep them for the requests after. */
const STORE_TOKENS = [
  'const body = pm.response.json();',
  "if (body.accessToken) pm.collectionVariables.set('accessToken', body.accessToken);",
  "if (body.refreshToken) pm.collectionVariables.set('refreshToken', body.refreshToken);",
];

function request(path: string, method: string, operation: Operation) {
  const pathParams = operation.parameters?.filter((parameter) => parameter.in === 'path') ?? [];
  const query = operation.parameters?.filter((parameter) => parameter.in === 'query') ?? [];
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/\{(\w+)\}/g, ':$1'));
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const multipart = operation.requestBody?.content?.['multipart/form-data']?.schema;
  const secured = (operation.security ?? []).some((scheme) => 'bearerAuth' in scheme);
  const refreshByBearer = operation.description?.includes('refreshToken as the Bearer');
  const item: Record<string, unknown> = {
    name: operation.summary ?? operation.operationId,
    request: {
      method: method.toUpperCase(),
      ...(secured
        ? refreshByBearer
          ? { auth: bearer('{{refreshToken}}') }
          : {}
        : { auth: { type: 'noauth' } }),
      header: bodySchema ? [{ key: 'Content-Type', value: 'application/json' }] : [],
      url: {
        raw: `{{baseUrl}}/${segments.join('/')}`,
        host: ['{{baseUrl}}'],
        path: segments,
        ...(query.length
          ? {
              query: query.map((parameter) => ({
                key: parameter.name,
                value: String(example(parameter.name, parameter.schema)),
                disabled: !parameter.required,
              })),
            }
          : {}),
        ...(pathParams.length
          ? {
              variable: pathParams.map((parameter) => ({
                key: parameter.name,
                value: parameter.name === 'sessionId' ? '{{sessionId}}' : '',
              })),
            }
          : {}),
      },
      ...(bodySchema
        ? {
            body: {
              mode: 'raw',
              raw: JSON.stringify(exampleObject(bodySchema), null, 2),
              options: { raw: { language: 'json' } },
            },
          }
        : {}),
      // An upload: pick the file in Postman (its form part `file`).
      ...(multipart
        ? { body: { mode: 'formdata', formdata: [{ key: 'file', type: 'file', src: [] }] } }
        : {}),
      ...(operation.description ? { description: operation.description } : {}),
    },
  };
  if (/^auth\.(login|register|refresh|exchangeCode)$/.test(operation.operationId)) {
    item.event = [{ listen: 'test', script: { type: 'text/javascript', exec: STORE_TOKENS } }];
  }
  return item;
}

function bearer(token: string) {
  return { type: 'bearer', bearer: [{ key: 'token', value: token, type: 'string' }] };
}

export function toPostmanCollection(document: OpenApiDocument) {
  const folders = new Map<string, unknown[]>();
  for (const tag of document.tags) folders.set(tag.name, []);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations) as [string, Operation][]) {
      const tag = operation.tags?.[0] ?? 'Other';
      if (!folders.has(tag)) folders.set(tag, []);
      folders.get(tag)!.push(request(path, method, operation));
    }
  }
  return {
    info: {
      name: document.info.title,
      description: `${document.info.description}\n\nGenerated from /openapi.json by \`pnpm docs:postman\`; do not edit.`,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: bearer('{{accessToken}}'),
    variable: [
      { key: 'baseUrl', value: 'http://localhost:3001' },
      { key: 'accessToken', value: '' },
      { key: 'refreshToken', value: '' },
      { key: 'sessionId', value: '' },
      { key: 'groupId', value: '' },
    ],
    item: [...folders].map(([name, item]) => ({ name, item })),
  };
}

/** The checked-in file's exact text. */
export function postmanCollectionText(document: OpenApiDocument): string {
  return `${JSON.stringify(toPostmanCollection(document), null, 2)}\n`;
}
