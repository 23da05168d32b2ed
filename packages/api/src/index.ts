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
export type { ChatEvent, ChatEventType, LoggedEvent } from './realtime/chatEvents';
export { TERMINAL_EVENTS } from './realtime/chatEvents';
export type { EventLog } from './realtime/eventLog';
export type { ControlBus } from './realtime/controlBus';
export type { Realtime } from './realtime/createRealtime';
export type { Metrics } from './metrics';
export { retryAfterHeaders } from './rateLimits';
export { createMemoryEventLog } from './realtime/memoryEventLog';
export { createMemoryControlBus } from './realtime/controlBus';
export type { GenerationObserver } from './generation/runner';
export type { MessageDTO, SessionDTO, GroupDTO, UserDTO, ModelDTO } from './schemas/index';
export {
  createUser,
  signInWithIdentity,
  verifyCredentials,
  type ExternalIdentity,
  type LinkResult,
} from './services/identity';
export { registerInput, loginInput } from './schemas/auth';
export { externalSignIn } from './services/auth';
export {
  createRestHandler,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from './rest/handler';
export type { RestErrorBody } from './rest/handler';
export { collectRestEndpoints, type RestEndpoint } from './rest/endpoints';
export {
  createOpenApiDocument,
  errorResponse as openApiErrorResponse,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiPaths,
} from './rest/openapi';
export { streamTicketInput } from './schemas/messages';
export { inputFromBody as parseJsonObjectBody } from './rest/restInput';
/** Domain functions the benchmark's bare-handler baseline calls directly. */
export { listSessions } from './services/sessions';
export { listMessages } from './services/messages';
