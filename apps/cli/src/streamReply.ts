import { watchSession, type ChatClient, type MessageDTO } from '@chatbot/client';

/**
 * Print an assistant reply as it streams, and resolve with its final state. Subscribing after
 * the send is safe: the server replays a reply in progress to a new subscriber.
 */
export function streamReply(
  client: ChatClient,
  sessionId: string,
  messageId: string,
  write: (text: string) => void,
): Promise<MessageDTO | undefined> {
  return new Promise((resolve, reject) => {
    let printed = 0;
    const watch = watchSession(client, sessionId, {
      limit: 10,
      onChange: (conversation) => {
        const message = conversation.messages.find((item) => item.id === messageId);
        if (conversation.deleted) {
          watch.stop();
          resolve(undefined);
          return;
        }
        if (!message) return;
        if (message.content.length > printed) {
          write(message.content.slice(printed));
          printed = message.content.length;
        }
        if (message.status !== 'streaming') {
          watch.stop();
          resolve(message);
        }
      },
      onError: (error) => {
        watch.stop();
        reject(error);
      },
    });
  });
}
