import type { MessageDTO } from '../schemas/messages';
import type { SessionDTO } from '../schemas/sessions';

/**
 * What `messages.onEvent` yields, per session, in order. The names follow the original
 * REST/Socket.IO backend.
 */
export type ChatEvent =
  /** A new message: the user's, or the assistant placeholder (status `streaming`). */
  | { type: 'message:new'; message: MessageDTO }
  /** Text appended to a streaming reply; `offset` is where `delta` starts in its content. */
  | { type: 'message:stream'; messageId: string; delta: string; offset: number }
  /** A message's stored state changed: a reply's final content, status and usage, or an edit. */
  | { type: 'message:update'; message: MessageDTO }
  | { type: 'message:done'; messageId: string }
  | { type: 'message:error'; messageId: string; error: string }
  | { type: 'message:cancelled'; messageId: string }
  /** Messages removed: a deleted message and its subtree. */
  | { type: 'message:delete'; messageIds: string[] }
  /**
   * The active path now ends at `leafId` (a regenerate, an edit, a branch switch or a delete
   * moved it): refetch the path. Null when the session has no messages left.
   */
  | { type: 'session:branch'; leafId: string | null }
  /** The session's settings changed (e.g. its auto title). */
  | { type: 'session:update'; session: SessionDTO }
  /** The session is gone; the subscription ends after this. */
  | { type: 'session:delete'; sessionId: string }
  /** Events were missed beyond the retention window: refetch the messages, then continue. */
  | { type: 'session:resync'; reason: 'gap' };

export type ChatEventType = ChatEvent['type'];

/** An event with its id in the session's log (ordered per session). */
export interface LoggedEvent {
  id: string;
  event: ChatEvent;
  /** When it was appended (epoch ms), for delivery-lag metrics. */
  at?: number;
}

export const TERMINAL_EVENTS = new Set<ChatEventType>([
  'message:done',
  'message:error',
  'message:cancelled',
]);
