import { createContextFactory } from '@chatbot/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sessionUserId } from '@/server/auth';
import { getApp, getRouter } from '@/server/app';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const app = await getApp();
  // The signed-in browser is identified by its next-auth session; other clients may still
  // send a bearer token.
  const createContext = createContextFactory(app, async () => ({
    sessionUserId: await sessionUserId(req),
  }));
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: await getRouter(),
    createContext: () => createContext({ req }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        app.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });
}

export { handler as GET, handler as POST };
