import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '@chatbot/api';
import type { App } from '@chatbot/core';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics for a scraper holding METRICS_TOKEN (Bearer). Without a token configured the route
 * does not exist (404): process and traffic details are not for the public.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, app: App) {
  const expected = app.config.http.metricsToken;
  const json = (status: number, body: object, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  if (!expected) {
    json(404, {
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'No /metrics here',
    });
    return;
  }
  const presented = bearerToken(req.headers.authorization);
  // Equal-length digests, compared in constant time: the answer's timing tells nothing.
  if (!presented || !timingSafeEqual(digest(presented), digest(expected))) {
    json(
      401,
      {
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHORIZED',
        message: 'Bearer METRICS_TOKEN required',
      },
      { 'www-authenticate': 'Bearer realm="metrics"' },
    );
    return;
  }
  res.writeHead(200, { 'content-type': app.metrics.registry.contentType });
  res.end(await app.metrics.registry.metrics());
}
