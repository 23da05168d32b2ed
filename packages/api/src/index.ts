import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, type AppRouter } from './root';
export { createApp, type App, type CreateAppOptions } from './app';
export {
  bearerToken,
  createContextFactory,
  createContextInner,
  type AdapterContextOptions,
  type Context,
  type ContextSources,
} from './context';
export { createCallerFactory } from './trpc';
export { silentLogger, type Logger } from './logger';
export { DomainError } from './errors';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
