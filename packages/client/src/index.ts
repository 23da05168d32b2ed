export type { AppRouter, RouterInputs, RouterOutputs } from '@chatbot/api';
export {
  closeChatClient,
  createChatClient,
  type ChatClient,
  type ChatClientOptions,
  type TokenSource,
} from './createChatClient';
export {
  createChatSession,
  memoryTokenStore,
  type ChatSession,
  type ChatSessionOptions,
  type SignedInUser,
  type StoredTokens,
  type TokenStore,
} from './chatSession';
export { isTRPCClientError } from './errors';
