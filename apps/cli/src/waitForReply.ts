import type { ChatClient, RouterOutputs } from '@chatbot/client';

type Message = RouterOutputs['messages']['list']['items'][number];

/**
 * Print an assistant reply. Until replies stream over subscriptions, the reply is fetched once
 * it has finished.
 */
export async function waitForReply(
  client: ChatClient,
  sessionId: string,
  messageId: string,
  write: (text: string) => void,
  signal?: AbortSignal,
): Promise<Message | undefined> {
  for (;;) {
    signal?.throwIfAborted();
    const page = await client.messages.list.query({ sessionId, limit: 10 });
    const message = page.items.find((item) => item.id === messageId);
    if (!message) return undefined;
    if (message.status !== 'streaming') {
      write(message.content);
      return message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
