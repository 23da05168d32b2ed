import type { ChatEvent, MessageDTO, SessionDTO } from '@chatbot/api';

/**
 * A message of the active path. `siblingIds` (its versions, itself included, oldest first)
 * comes with `messages.list`; a message known only from an event has none until the next fetch.
 */
export type ConversationMessage = MessageDTO & { siblingIds?: string[] };

/**
 * A session's active path as a client holds it, kept current by `applyChatEvent`. A branch
 * change (`session:branch`) asks for the path to be fetched again (`replacePath`).
 */
export interface Conversation {
  messages: ConversationMessage[];
  session?: SessionDTO;
  deleted: boolean;
}

export const emptyConversation = (): Conversation => ({ messages: [], deleted: false });

export interface Applied {
  conversation: Conversation;
  /** Something was missed (a gap in a reply's text, an unknown message, a resync): refetch. */
  needsRefetch: boolean;
  /** The active path moved to another branch: refetch it and replace what is held. */
  replacePath?: boolean;
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

/** Insert or update; an update from an event keeps the versions a fetch brought. */
function upsert(messages: ConversationMessage[], message: MessageDTO): ConversationMessage[] {
  const index = messages.findIndex((item) => item.id === message.id);
  if (index === -1) return [...messages, message].sort(byOrder);
  const next = messages.slice();
  next[index] = { ...messages[index], ...message };
  return next;
}

/**
 * A new message on the active path: a held message with the same parent is another version,
 * so it and what follows it leave the path (the branch change refetch confirms it).
 */
function addToPath(messages: ConversationMessage[], message: MessageDTO) {
  const sibling = messages.findIndex(
    (item) => item.id !== message.id && item.parentId === message.parentId,
  );
  return upsert(sibling === -1 ? messages : messages.slice(0, sibling), message);
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
        conversation: {
          ...conversation,
          messages: addToPath(conversation.messages, event.message),
        },
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
    case 'session:branch':
      return { conversation, needsRefetch: true, replacePath: true };
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
 * longer text: the stored one is only as fresh as the last checkpoint. A reply the client saw
 * end stays ended.
 */
export function mergeSnapshot(
  conversation: Conversation,
  page: ConversationMessage[],
): Conversation {
  const held = new Map(conversation.messages.map((message) => [message.id, message]));
  const merged = page.map((message) => {
    const local = held.get(message.id);
    if (!local || message.status !== 'streaming') return message;
    // The page was read before the reply ended (its events came first): an end is final, so
    // keep it, with the versions the page brought. Taking the page would show it streaming again.
    if (local.status !== 'streaming') return { ...local, siblingIds: message.siblingIds };
    const longer =
      local.content.length > message.content.length && local.content.startsWith(message.content);
    return longer ? { ...message, content: local.content } : message;
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

/**
 * The path after a branch change: exactly the fetched page (older pages of the old path may
 * belong to another branch), keeping a streaming reply's longer local text.
 */
export function replacePath(conversation: Conversation, page: ConversationMessage[]): Conversation {
  const onPage = new Set(page.map((message) => message.id));
  return mergeSnapshot(
    { ...conversation, messages: conversation.messages.filter((m) => onPage.has(m.id)) },
    page,
  );
}
