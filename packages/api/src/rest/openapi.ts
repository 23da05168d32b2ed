import { takesBody, type JsonSchema, type RestEndpoint } from './endpoints';

/** An OpenAPI 3.1 operation object (JSON). */
export type OpenApiOperation = Record<string, unknown>;
export type OpenApiPaths = Record<string, Record<string, OpenApiOperation>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: OpenApiPaths;
  components: Record<string, Record<string, unknown>>;
}

const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status, repeated' },
    error: { type: 'string', description: 'The HTTP reason phrase' },
    code: { type: 'string', description: 'The tRPC error code, e.g. BAD_REQUEST' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The input field at fault, when one is' },
    fieldErrors: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      description: 'Every invalid field with its messages (validation errors)',
    },
  },
  required: ['statusCode', 'error', 'code', 'message'],
};

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input (see field and fieldErrors)',
  401: 'Missing, invalid or expired token',
  404: 'No such resource for this user',
  409: 'Conflicts with existing data',
  415: 'The body is not JSON',
  429: 'Rate limited; retry after the Retry-After header',
};

export const errorResponse = (status: number) => ({ $ref: `#/components/responses/E${status}` });

function without(schema: JsonSchema | undefined, names: string[]): JsonSchema | undefined {
  if (!schema?.properties) return schema;
  const properties = { ...schema.properties };
  for (const name of names) delete properties[name];
  const required = schema.required?.filter((name) => !names.includes(name));
  // The whole input's default (`{}`) says nothing about the fields left.
  const { default: _default, required: _required, ...rest } = schema;
  return { ...rest, properties, ...(required?.length ? { required } : {}) };
}

function operationFor(endpoint: RestEndpoint, operationId: string): OpenApiOperation {
  const hasBody = takesBody(endpoint);
  const routeFilled = [
    ...endpoint.pathParams,
    ...Object.keys(endpoint.fixedInput ?? {}),
    ...(endpoint.bearerInput ? [endpoint.bearerInput] : []),
  ];
  const rest = without(endpoint.input, routeFilled);
  const parameters = [
    ...endpoint.pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: endpoint.input?.properties?.[name] ?? { type: 'string' },
    })),
    ...(!hasBody && rest?.properties
      ? Object.entries(rest.properties).map(([name, schema]) => ({
          name,
          in: 'query',
          required: rest.required?.includes(name) ?? false,
          schema,
        }))
      : []),
  ];
  const responses: Record<string, unknown> = {};
  const success = String(endpoint.successStatus ?? 200);
  responses[success] = endpoint.download
    ? {
        description: 'The file',
        headers: {
          'Content-Disposition': {
            description: 'attachment; filename="<title>.<ext>"',
            schema: { type: 'string' },
          },
        },
        content: { [endpoint.download]: { schema: { type: 'string' } } },
      }
    : endpoint.list
      ? listResponse(endpoint)
      : { description: 'OK', content: { 'application/json': { schema: endpoint.output ?? {} } } };
  const statuses = new Set<number>(endpoint.errors);
  if (endpoint.input) statuses.add(400);
  if (endpoint.signedIn || endpoint.bearerInput) statuses.add(401);
  if (endpoint.pathParams.length > 0) statuses.add(404);
  if (hasBody && endpoint.input) statuses.add(415);
  for (const status of [...statuses].sort()) responses[String(status)] = errorResponse(status);
  responses.default = { $ref: '#/components/responses/Error' };

  return {
    operationId,
    summary: endpoint.summary,
    tags: [endpoint.tag],
    security: endpoint.signedIn || endpoint.bearerInput ? [{ bearerAuth: [] }] : [],
    ...(endpoint.bearerInput
      ? { description: `Send the ${endpoint.bearerInput} as the Bearer token.` }
      : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(hasBody && rest?.properties && Object.keys(rest.properties).length > 0
      ? {
          requestBody: {
            required: (rest.required?.length ?? 0) > 0,
            content: { 'application/json': { schema: rest } },
          },
        }
      : {}),
    responses,
  };
}

/** A `meta.rest.list` route: the page's items as a bare array, the next cursor in headers. */
function listResponse(endpoint: RestEndpoint) {
  const items = endpoint.output?.properties?.items ?? { type: 'array' };
  return {
    description: endpoint.list?.allPages
      ? 'Every item without ?limit= or ?cursor=; else one page'
      : `One page (${endpoint.list?.defaultLimit} items unless ?limit=)`,
    headers: {
      Link: {
        description: 'The next page, `<url>; rel="next"`; absent on the last page',
        schema: { type: 'string' },
      },
      'X-Next-Cursor': {
        description: "The next page's ?cursor=; absent on the last page",
        schema: { type: 'string' },
      },
    },
    content: { 'application/json': { schema: items } },
  };
}

/** `sessions.export` answering `/export.md` becomes `sessions.export.md`; ids stay unique. */
function operationIds(endpoints: RestEndpoint[]): string[] {
  const counts = new Map<string, number>();
  for (const { procedure } of endpoints) counts.set(procedure, (counts.get(procedure) ?? 0) + 1);
  const seen = new Set<string>();
  return endpoints.map(({ procedure, fixedInput, tag, path }) => {
    let id =
      (counts.get(procedure) ?? 0) > 1
        ? [procedure, ...Object.values(fixedInput ?? {})].join('.')
        : procedure;
    // A second door without fixed input (the /folders aliases): named by its tag, then its path.
    if (seen.has(id)) id = `${id}.${tag.toLowerCase()}`;
    if (seen.has(id))
      id = `${id}.${path
        .split('/')
        .filter((part) => !part.includes('{'))
        .at(-1)}`;
    seen.add(id);
    return id;
  });
}

export interface OpenApiOptions {
  serverUrl: string;
  version: string;
  /** Routes the host serves itself (streams, OAuth redirects), documented beside the rest. */
  extraPaths?: OpenApiPaths;
  extraTags?: { name: string; description?: string }[];
}

/** The OpenAPI 3.1 document of every REST route, with schemas from the procedures' own zod. */
export function createOpenApiDocument(
  endpoints: RestEndpoint[],
  options: OpenApiOptions,
): OpenApiDocument {
  const ids = operationIds(endpoints);
  const paths: OpenApiPaths = {};
  endpoints.forEach((endpoint, index) => {
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operationFor(
      endpoint,
      ids[index] ?? endpoint.procedure,
    );
  });
  for (const [path, operations] of Object.entries(options.extraPaths ?? {})) {
    paths[path] = { ...paths[path], ...operations };
  }
  const tags = [...new Set(endpoints.map((endpoint) => endpoint.tag))].map((name) => ({ name }));
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chatbot AI REST API',
      version: options.version,
      description:
        'The REST surface of the Chatbot AI router (compatible with the original NestJS backend). ' +
        'Every route calls the same procedure as the typed tRPC client.',
    },
    servers: [{ url: options.serverUrl }],
    tags: [...tags, ...(options.extraTags ?? [])],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The accessToken from /auth/login, /auth/register or /auth/refresh',
        },
      },
      schemas: { Error: errorSchema },
      responses: {
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, description]) => [
            `E${status}`,
            { description, content: errorContent },
          ]),
        ),
        Error: { description: 'Server or dependency failure (500, 503)', content: errorContent },
      },
    },
  };
}
