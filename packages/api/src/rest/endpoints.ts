import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { z } from 'zod';
import type { ProcedureMeta, RestRoute } from '../procedureMeta';

/** A JSON Schema object as zod renders it (the subset the REST layer reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A REST route resolved against its procedure: everything the handler and the document need. */
export interface RestEndpoint extends RestRoute {
  /** The procedure's dotted path, e.g. `sessions.get`. */
  procedure: string;
  /** Requires a signed-in user (a `protectedProcedure`). */
  signedIn: boolean;
  /** The procedure's input as JSON Schema (what a request may send), if it takes input. */
  input: JsonSchema | undefined;
  /** The procedure's output as JSON Schema (what a response holds). */
  output: JsonSchema | undefined;
  pathParams: string[];
  /** Matches a request path and captures the path parameters in order. */
  pattern: RegExp;
}

/** Whether the route reads its input from a JSON body (else from the query string). */
export const takesBody = (route: RestRoute) =>
  route.method === 'POST' || route.method === 'PATCH' || route.jsonBody === true;

/** Dates travel as ISO 8601 strings in JSON; say so instead of "unrepresentable". */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const rendered = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') {
        jsonSchema.type = 'string';
        jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete rendered.$schema;
  return rendered;
}

function compilePath(path: string): { pattern: RegExp; pathParams: string[] } {
  const pathParams: string[] = [];
  const source = path
    .split('/')
    .map((segment) =>
      segment.replace(/\{(\w+)\}|[^{}]+/g, (part, name: string | undefined) => {
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        pathParams.push(name);
        return '([^/]+)';
      }),
    )
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), pathParams };
}

/** Every REST route the router's procedures declare in their `meta.rest`. */
export function collectRestEndpoints(router: AnyRouter): RestEndpoint[] {
  const endpoints: RestEndpoint[] = [];
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  for (const [name, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta as ProcedureMeta | undefined;
    if (!meta?.rest) continue;
    const inputs = procedure._def.inputs as z.ZodType[];
    const output = (procedure._def as { output?: z.ZodType }).output;
    for (const route of [meta.rest].flat()) {
      endpoints.push({
        ...route,
        procedure: name,
        signedIn: meta.signedIn === true,
        input: inputs[0] ? toJsonSchema(inputs[0], 'input') : undefined,
        output: output ? toJsonSchema(output, 'output') : undefined,
        ...compilePath(route.path),
      });
    }
  }
  return endpoints;
}
