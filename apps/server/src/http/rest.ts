import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestHandler, RestRequest, RestResponse } from '@chatbot/api';
import type { Config } from '@chatbot/config';
import { readBody } from './body';
import { requestIp } from './requestIp';

function lowerCaseHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The framework-neutral request the REST handler reads, from a Node request. */
export function toRestRequest(
  req: IncomingMessage,
  res: ServerResponse,
  http: Pick<Config['http'], 'bodyLimitBytes' | 'trustProxy'>,
): RestRequest {
  // The client went away before the answer was sent.
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://localhost'),
    headers: lowerCaseHeaders(req),
    readBody: () => readBody(req, http.bodyLimitBytes),
    ip: requestIp(req, http.trustProxy),
    requestId: req.headers['x-request-id'] as string | undefined,
    signal: aborted.signal,
  };
}

export function sendRestResponse(req: IncomingMessage, res: ServerResponse, answer: RestResponse) {
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': String(Buffer.byteLength(answer.body)),
    // The rest of a refused body is not read: the connection cannot carry another request.
    ...(answer.status === 413 ? { connection: 'close' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/**
 * Answer the request if a REST route matches it, resolving its route label; undefined lets the
 * server try its other routes.
 */
export async function serveRest(
  rest: RestHandler,
  req: IncomingMessage,
  res: ServerResponse,
  http: Pick<Config['http'], 'bodyLimitBytes' | 'trustProxy'>,
): Promise<string | undefined> {
  const answer = await rest.handle(toRestRequest(req, res, http));
  if (!answer) return undefined;
  sendRestResponse(req, res, answer);
  return answer.route ?? '(rest)';
}
