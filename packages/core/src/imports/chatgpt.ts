import { LIMITS } from '../schemas/common';
import { ConversationError, type ImportedConversation, type ImportedMessage } from './conversation';

/** More nodes than any real chat has: the rest of the file still imports, this one is refused. */
export const MAX_NODES_PER_CONVERSATION = 20_000;

interface ChatGptNode {
  id?: unknown;
  parent?: unknown;
  children?: unknown;
  message?: {
    id?: unknown;
    author?: { role?: unknown };
    content?: { content_type?: unknown; parts?: unknown; text?: unknown };
    create_time?: unknown;
    update_time?: unknown;
    metadata?: { is_visually_hidden_from_conversation?: unknown; model_slug?: unknown } | null;
  } | null;
}

/** Content we do not render, as one short line so the turn still shows where it was. */
const PLACEHOLDERS: Record<string, string> = {
  image: 'Image',
  image_asset_pointer: 'Image',
  code: 'Code',
  execution_output: 'Code output',
  tether_browsing_display: 'Browsing result',
  tether_quote: 'Quote from a web page',
  system_error: 'Tool error',
};
const placeholder = (kind: string) => `[${PLACEHOLDERS[kind] ?? kind} not imported]`;

export const isChatGptConversation = (value: unknown) =>
  typeof value === 'object' && value !== null && 'mapping' in value;

/** Seconds since the epoch (ChatGPT's floats) as a date; anything else as undefined. */
function dateOf(seconds: unknown): Date | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** PostgreSQL cannot store NUL or a lone surrogate; both become U+FFFD rather than a failure. */
function storable(text: string): string {
  return text
    .replaceAll('\u0000', '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function bounded(text: string, max: number): string {
  const clean = storable(text);
  if (clean.length <= max) return clean;
  const note = '\n\n[truncated on import]';
  return clean.slice(0, max - note.length) + note;
}

/** The text of one message: its string parts, and a placeholder line for each part we cannot show. */
function contentOf(content: NonNullable<ChatGptNode['message']>['content']): string {
  const type = typeof content?.content_type === 'string' ? content.content_type : 'unknown';
  const parts = Array.isArray(content?.parts) ? (content.parts as unknown[]) : [];
  if (type === 'text' || type === 'multimodal_text') {
    return parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const kind = (part as { content_type?: unknown } | null)?.content_type;
        return placeholder(typeof kind === 'string' ? kind : 'attachment');
      })
      .filter((part) => part.trim() !== '')
      .join('\n\n');
  }
  return placeholder(type);
}

const ROLES: Record<string, ImportedMessage['role']> = {
  user: 'user',
  assistant: 'assistant',
  system: 'system',
  // Tool output (code runs, browsing) answers the assistant: shown as its turn, as a placeholder.
  tool: 'assistant',
};

/** One conversation of ChatGPT's `conversations.json` as a conversation to write. */
export function fromChatGpt(value: unknown): ImportedConversation {
  const raw = value as {
    id?: unknown;
    conversation_id?: unknown;
    title?: unknown;
    create_time?: unknown;
    update_time?: unknown;
    mapping?: unknown;
    current_node?: unknown;
    default_model_slug?: unknown;
  };
  const id = typeof raw.conversation_id === 'string' ? raw.conversation_id : raw.id;
  if (typeof id !== 'string' || id === '') throw new ConversationError('has no id');
  if (typeof raw.mapping !== 'object' || raw.mapping === null || Array.isArray(raw.mapping)) {
    throw new ConversationError('has no mapping (the tree of its messages)');
  }
  const mapping = raw.mapping as Record<string, ChatGptNode>;
  const nodeIds = Object.keys(mapping);
  if (nodeIds.length > MAX_NODES_PER_CONVERSATION) {
    throw new ConversationError(`has more than ${MAX_NODES_PER_CONVERSATION} messages`);
  }
  const now = new Date();
  const createdAt = dateOf(raw.create_time) ?? now;
  const parentOf = (nodeId: string) => {
    const parent = mapping[nodeId]?.parent;
    return typeof parent === 'string' && parent in mapping ? parent : null;
  };

  // Which nodes become messages, and what each becomes.
  const kept = new Map<string, Omit<ImportedMessage, 'parentSourceId'>>();
  let model: string | null =
    typeof raw.default_model_slug === 'string' ? raw.default_model_slug : null;
  for (const nodeId of nodeIds) {
    const message = mapping[nodeId]?.message;
    if (!message || typeof message !== 'object') continue;
    const role = ROLES[String(message.author?.role)];
    if (!role || message.metadata?.is_visually_hidden_from_conversation === true) continue;
    const content = contentOf(message.content);
    if (content.trim() === '') continue; // empty nodes (and the empty system prompt) go
    const slug =
      typeof message.metadata?.model_slug === 'string' ? message.metadata.model_slug : null;
    if (role === 'assistant' && slug) model ??= slug;
    const at = dateOf(message.create_time) ?? createdAt;
    kept.set(nodeId, {
      sourceId: nodeId,
      role,
      content: bounded(content, LIMITS.messageContent),
      status: 'complete',
      model: role === 'assistant' && slug ? bounded(slug, LIMITS.model) : null,
      error: null,
      promptTokens: null,
      completionTokens: null,
      createdAt: at,
      updatedAt: dateOf(message.update_time) ?? at,
    });
  }

  /** The nearest kept ancestor: a skipped node's children move up to it. */
  const keptAncestor = (nodeId: string | null): string | null => {
    const seen = new Set<string>();
    for (let at = nodeId; at !== null && !seen.has(at); at = parentOf(at)) {
      if (kept.has(at)) return at;
      seen.add(at);
    }
    return null;
  };

  // Parents before children; versions (siblings) oldest first, as they were written.
  const children = new Map<string | null, string[]>();
  for (const nodeId of kept.keys()) {
    const parent = keptAncestor(parentOf(nodeId));
    const list = children.get(parent) ?? [];
    list.push(nodeId);
    children.set(parent, list);
  }
  const messages: ImportedMessage[] = [];
  const stack: { id: string; parent: string | null }[] = [];
  const pushChildren = (parent: string | null) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => kept.get(b)!.createdAt.getTime() - kept.get(a)!.createdAt.getTime(),
    );
    for (const child of list) stack.push({ id: child, parent }); // newest pushed first, popped last
  };
  pushChildren(null);
  while (stack.length > 0) {
    const { id: nodeId, parent } = stack.pop()!;
    messages.push({ ...kept.get(nodeId)!, parentSourceId: parent });
    pushChildren(nodeId);
  }

  const current = typeof raw.current_node === 'string' ? raw.current_node : null;
  const title = typeof raw.title === 'string' ? storable(raw.title).trim() : '';
  return {
    importKey: `chatgpt:${id}`,
    title: (title || 'Imported chat').slice(0, LIMITS.title),
    model,
    systemPrompt: null,
    createdAt,
    lastMessageAt: dateOf(raw.update_time) ?? messages.at(-1)?.createdAt ?? createdAt,
    messages,
    activeLeafSourceId: current && current in mapping ? keptAncestor(current) : null,
  };
}
