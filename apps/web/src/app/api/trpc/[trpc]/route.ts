import { createContextFactory } from '@chatbot/api';
import { retryAfterHeaders } from '@chatbot/core';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { payloadTooLarge, readBodyWithinLimit } from '@/server/bodyLimit';
import { requestClientIp } from '@/server/clientAddress';
import { sessionUserId } from '@/server/auth';
import { getApp, getRouter } from '@/server/app';

export const dynamic = 'force-dynamic';

async function handler(original: Request) {
  const app = await getApp();
  const limit = app.config.http.bodyLimitBytes;
  const req = await readBodyWithinLimit(original, limit);
  if (!req) return payloadTooLarge(limit);
  // The signed-in browser is identified by its next-auth session; other clients may still
  // send a bearer token. The client's address follows TRUST_PROXY (see clientAddress.ts).
  const createContext = createContextFactory(app, async () => ({
    // The original: next-auth reads its cookies (the buffered copy is a plain Request).
    sessionUserId: await sessionUserId(original),
    ip: requestClientIp(req.headers, app.config.http.trustProxy),
  }));
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: await getRouter(),
    createContext: ({ info }) => createContext({ req, info }),
    maxBatchSize: app.config.http.maxBatchSize,
    // A rate limit is 429 with the wait in Retry-After, as on the standalone server.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        app.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });
}

export { handler as GET, handler as POST };
