import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, type AppRouter } from './root';
export { clientIp } from './clientIp';
export {
  bearerToken,
  createContextFactory,
  createContextInner,
  type ContextSources,
} from './context';
export { createCallerFactory, withStreamSettings } from './trpc';
export {
  createRestHandler,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from './rest/handler';
export { collectRestEndpoints } from './rest/endpoints';
export { createOpenApiDocument, type OpenApiDocument } from './rest/openapi';
export { inputFromBody } from './rest/restInput';
export { IMPORT_ROUTE, importUpload, type ImportUpload } from './imports/importUpload';
export { importResponse } from './imports/importResponse';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** The shapes a client reads, re-exported so a client needs this package's types alone. */
export type { ChatEvent } from '@chatbot/core/realtime';
export type { GroupDTO, MessageDTO, SessionDTO } from '@chatbot/core/schemas';
export {
  createAttachmentRoutes,
  type AttachmentRequest,
  type AttachmentResponse,
} from './attachments/http';
export { createSharedFileRoute, type SharedFileRequest } from './attachments/sharedFiles';
