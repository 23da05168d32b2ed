/** ChatGPT-format test data: one conversation's `mapping` tree, and whole files made lazily. */

interface NodeSpec {
  id: string;
  parent: string | null;
  role?: 'user' | 'assistant' | 'system' | 'tool';
  text?: string;
  contentType?: string;
  hidden?: boolean;
  time?: number;
}

/** A conversation from a flat list of nodes (children are derived from parents). */
export function chatGptConversation(
  id: string,
  title: string,
  nodes: NodeSpec[],
  currentNode: string,
): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  for (const node of nodes) {
    mapping[node.id] = {
      id: node.id,
      parent: node.parent,
      children: nodes.filter((child) => child.parent === node.id).map((child) => child.id),
      message: node.role
        ? {
            id: node.id,
            author: { role: node.role, name: null, metadata: {} },
            create_time: node.time ?? null,
            content:
              node.contentType && node.contentType !== 'text'
                ? { content_type: node.contentType, text: node.text ?? '' }
                : { content_type: 'text', parts: [node.text ?? ''] },
            metadata: {
              ...(node.hidden ? { is_visually_hidden_from_conversation: true } : {}),
              ...(node.role === 'assistant' ? { model_slug: 'gpt-4o' } : {}),
            },
          }
        : null,
    };
  }
  return {
    title,
    create_time: 1_700_000_000,
    update_time: 1_700_000_500,
    mapping,
    current_node: currentNode,
    conversation_id: id,
    id,
    default_model_slug: 'gpt-4o',
  };
}

/** A plain chat of `turns` question/answer pairs, each answer about `answerBytes` long. */
export function linearChatGptConversation(
  id: string,
  title: string,
  turns: number,
  answerBytes: number,
) {
  const nodes: NodeSpec[] = [{ id: `${id}-root`, parent: null }];
  let parent = `${id}-root`;
  for (let turn = 0; turn < turns; turn += 1) {
    const question = `${id}-q${turn}`;
    const answer = `${id}-a${turn}`;
    nodes.push({
      id: question,
      parent,
      role: 'user',
      text: `Question ${turn} of ${title}`,
      time: 1_700_000_000 + turn * 2,
    });
    nodes.push({
      id: answer,
      parent: question,
      role: 'assistant',
      text: `Answer ${turn}: ${'lorem ipsum '.repeat(Math.ceil(answerBytes / 12)).slice(0, answerBytes)}`,
      time: 1_700_000_001 + turn * 2,
    });
    parent = answer;
  }
  return chatGptConversation(id, title, nodes, parent);
}

/**
 * A `conversations.json` of `count` conversations as chunks made on demand: the test never
 * holds the whole file either.
 */
export async function* chatGptFileChunks(
  count: number,
  { turns = 4, answerBytes = 6_000, prefix = 'conv' } = {},
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode('[');
  for (let index = 0; index < count; index += 1) {
    const conversation = linearChatGptConversation(
      `${prefix}-${index}`,
      `Chat ${index}`,
      turns,
      answerBytes,
    );
    yield encoder.encode(`${index === 0 ? '' : ','}${JSON.stringify(conversation)}`);
  }
  yield encoder.encode(']');
}
