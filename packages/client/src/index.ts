export type {
  AppRouter,
  ChatEvent,
  MessageDTO,
  RouterInputs,
  RouterOutputs,
  SessionDTO,
} from '@chatbot/api';
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
export {
  applyChatEvent,
  applyDelta,
  emptyConversation,
  mergeSnapshot,
  replacePath,
  type Applied,
  type Conversation,
  type ConversationMessage,
} from './conversation';
export { watchSession, type SessionWatch, type WatchOptions } from './watchSession';
export {
  attachmentsUrl,
  describeAttachmentNotice,
  sendWithAttachments,
  uploadAttachment,
  UploadError,
  type AttachmentNotice,
  type UploadedAttachment,
  type UploadFile,
  type UploadOptions,
  type UploadTarget,
} from './attachments';
