// The types scripts/routerTypes.mjs prints, structurally, into the package's declarations.
// Every type the router's signatures name (other than tRPC's own) must be listed here.
import type { AppRouter } from '@chatbot/api';

type Root = AppRouter['_def']['_config']['$types'];
export type RouterRecord = AppRouter['_def']['record'];
export type ErrorShape = Root['errorShape'];
export type { ChatEvent, GroupDTO, MessageDTO, SessionDTO } from '@chatbot/api';
import type {} from '@trpc/server/unstable-core-do-not-import';
