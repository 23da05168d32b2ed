import { TRPCError } from '@trpc/server';
import type { JsonSchema, RestEndpoint } from './endpoints';

/**
 * A query string holds only text. Numbers and booleans the input schema expects are converted
 * when they are well-formed; anything else stays text, so validation names the field.
 */
function fromQueryText(value: string, schema: JsonSchema | undefined): unknown {
  const types = [schema?.type ?? []].flat();
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) {
    return value === 'true';
  }
  return value;
}

export function inputFromQuery(endpoint: RestEndpoint, query: URLSearchParams) {
  const input: Record<string, unknown> = {};
  for (const [key, value] of query) {
    input[key] = fromQueryText(value, endpoint.input?.properties?.[key]);
  }
  return input;
}

export function inputFromBody(contentType: string | undefined, text: string) {
  if (text.trim() === '') return {};
  if (!/^application\/(.+\+)?json\b/i.test(contentType ?? '')) {
    throw new TRPCError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the request body as JSON (Content-Type: application/json)',
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The request body must be a JSON object' });
  }
  return body as Record<string, unknown>;
}

export function pathParameters(endpoint: RestEndpoint, match: RegExpExecArray) {
  const params: Record<string, string> = {};
  endpoint.pathParams.forEach((name, index) => {
    try {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    } catch {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `The ${name} in the path is malformed` });
    }
  });
  return params;
}
