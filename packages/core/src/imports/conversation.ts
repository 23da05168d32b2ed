import type { MessageDTO } from '../schemas/messages';

/** One message of an imported tree, parents before children. */
export interface ImportedMessage {
  /** Its id in the source, to link children and find the active leaf. */
  sourceId: string;
  parentSourceId: string | null;
  role: MessageDTO['role'];
  content: string;
  status: MessageDTO['status'];
  model: string | null;
  error: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A conversation in our own terms, whatever file it came from. */
export interface ImportedConversation {
  /** Unique per source conversation ("chatgpt:<id>"): the same file imported twice is skipped. */
  importKey: string;
  title: string;
  /** The source's model; kept when this server serves it, else the default model. */
  model: string | null;
  systemPrompt: string | null;
  createdAt: Date;
  lastMessageAt: Date;
  messages: ImportedMessage[];
  /** The source id of the active leaf (null: the newest message). */
  activeLeafSourceId: string | null;
}

/** Why one conversation of a file cannot be imported; the others still are. */
export class ConversationError extends Error {
  override name = 'ConversationError';
}
