import { authRouter } from './router/auth';
import { groupsRouter } from './router/groups';
import { healthRouter } from './router/health';
import { messagesRouter } from './router/messages';
import { modelsRouter } from './router/models';
import { sessionsRouter } from './router/sessions';
import { sharesRouter } from './router/shares';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  groups: groupsRouter,
  sessions: sessionsRouter,
  messages: messagesRouter,
  shares: sharesRouter,
  models: modelsRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
