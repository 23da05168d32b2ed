import type { ChatEvent, MessageDTO, SessionDTO } from '@chatbot/api';

/** A session's messages as a client holds them, kept current by `applyChatEvent`. */
export interface Conversation {
  messages: MessageDTO[];
  session?: SessionDTO;
  deleted: boolean;
}

export const emptyConversation = (): Conversation => ({ messages: [], deleted: false });

export interface Applied {
  conversation: Conversation;
  /** Something was missed (a gap in a reply's text, an unknown message, a resync): refetch. */
  needsRefetch: boolean;
}

/**
 * Append `delta` (which starts at `offset`) to `content`. Idempotent: text already held is not
 * added twice. Undefined when `offset` is past the end: a piece is missing.
 */
export function applyDelta(content: string, delta: string, offset: number): string | undefined {
  if (offset > content.length) return undefined;
  const end = offset + delta.length;
  if (end <= content.length) return content;
  return content + delta.slice(content.length - offset);
}

const byOrder = (a: MessageDTO, b: MessageDTO) => a.createdAt.getTime() - b.createdAt.getTime();

function upsert(messages: MessageDTO[], message: MessageDTO): MessageDTO[] {
  const index = messages.findIndex((item) => item.id === message.id);
  if (index === -1) return [...messages, message].sort(byOrder);
  const next = messages.slice();
  next[index] = message;
  return next;
}

/** Apply one event of `messages.onEvent`. Pure: returns a new conversation. */
export function applyChatEvent(conversation: Conversation, event: ChatEvent): Applied {
  const same = { conversation, needsRefetch: false };
  switch (event.type) {
    case 'message:new': {
      const existing = conversation.messages.find((message) => message.id === event.message.id);
      // A replayed placeholder must not wipe text already received.
      if (existing && existing.content.length >= event.message.content.length) return same;
      return {
        conversation: { ...conversation, messages: upsert(conversation.messages, event.message) },
        needsRefetch: false,
      };
    }
    case 'message:stream': {
      const message = conversation.messages.find((item) => item.id === event.messageId);
      if (!message) return { conversation, needsRefetch: true };
      const content = applyDelta(message.content, event.delta, event.offset);
      if (content === undefined) return { conversation, needsRefetch: true };
      if (content === message.content) return same;
      return {
        conversation: {
          ...conversation,
          messages: upsert(conversation.messages, { ...message, content, status: 'streaming' }),
        },
        needsRefetch: false,
      };
    }
    case 'message:update':
      return {
        conversation: { ...conversation, messages: upsert(conversation.messages, event.message) },
        needsRefetch: false,
      };
    case 'message:done':
    case 'message:error':
    case 'message:cancelled': {
      // The final state arrives just before in message:update; these only mark the end.
      const known = conversation.messages.some((message) => message.id === event.messageId);
      return known ? same : { conversation, needsRefetch: true };
    }
    case 'message:delete': {
      const removed = new Set(event.messageIds);
      return {
        conversation: {
          ...conversation,
          messages: conversation.messages.filter((message) => !removed.has(message.id)),
        },
        needsRefetch: false,
      };
    }
    case 'session:update':
      return { conversation: { ...conversation, session: event.session }, needsRefetch: false };
    case 'session:delete':
      return { conversation: { ...conversation, deleted: true }, needsRefetch: false };
    case 'session:resync':
      return { conversation, needsRefetch: true };
  }
}

/**
 * Merge a fetched page of messages into what the client holds. A streaming reply keeps the
 * longer text: the stored one is only as fresh as the last checkpoint.
 */
export function mergeSnapshot(conversation: Conversation, page: MessageDTO[]): Conversation {
  const held = new Map(conversation.messages.map((message) => [message.id, message]));
  const merged = page.map((message) => {
    const local = held.get(message.id);
    const keepLocal =
      local &&
      message.status === 'streaming' &&
      local.content.length > message.content.length &&
      local.content.startsWith(message.content);
    return keepLocal ? { ...message, content: local.content } : message;
  });
  const pageIds = new Set(page.map((message) => message.id));
  const oldest = page[0]?.createdAt.getTime() ?? Infinity;
  const newest = page.at(-1)?.createdAt.getTime() ?? -Infinity;
  // Keep older pages loaded before, and messages that arrived (by event) after the snapshot
  // was read; drop the ones inside the snapshot's window that it no longer has.
  const kept = conversation.messages.filter((message) => {
    if (pageIds.has(message.id)) return false;
    const at = message.createdAt.getTime();
    return at < oldest || at > newest;
  });
  return { ...conversation, messages: [...kept, ...merged].sort(byOrder) };
}
