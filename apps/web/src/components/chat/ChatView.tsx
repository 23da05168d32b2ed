'use client';
import type { MessageDTO, SessionDTO } from '@chatbot/api';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeMutationError } from '@/lib/mutationError';
import { useChatClient } from '@/lib/trpc';
import { useRefreshChatLists } from '../sidebar/useChatLists';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { useConversation } from './useConversation';

function newClientId() {
  return `web-${crypto.randomUUID()}`;
}

export function ChatView({ initialSession }: { initialSession: SessionDTO }) {
  const client = useChatClient();
  const router = useRouter();
  const refreshLists = useRefreshChatLists();
  const [session, setSession] = useState(initialSession);
  const { conversation, loaded, error, loadOlder, hasOlder } = useConversation(
    initialSession.id,
    () => void refreshLists(),
  );
  const [failure, setFailure] = useState<{ message: string; retry?: () => void }>();
  const [busy, setBusy] = useState(false);
  const pendingSend = useRef<{ content: string; clientId: string } | undefined>(undefined);

  const current = conversation.session ?? session;
  const messages = conversation.messages;
  const streamingReply = messages.find(
    (message) => message.role === 'assistant' && message.status === 'streaming',
  );
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');

  useEffect(() => {
    if (conversation.deleted) router.replace('/');
  }, [conversation.deleted, router]);

  const run = useCallback(async (action: () => Promise<unknown>, retry?: () => void) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (cause) {
      setFailure({ message: describeMutationError(cause), retry });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const send = useCallback(
    async (content: string): Promise<boolean> => {
      // The same client id on a retry: the server stores the message once.
      const attempt =
        pendingSend.current?.content === content
          ? pendingSend.current
          : { content, clientId: newClientId() };
      pendingSend.current = attempt;
      const ok = await run(
        () =>
          client.messages.send.mutate({
            sessionId: initialSession.id,
            content,
            clientId: attempt.clientId,
          }),
        () => void send(content),
      );
      if (ok) {
        pendingSend.current = undefined;
        void refreshLists();
      }
      return ok;
    },
    [client, initialSession.id, refreshLists, run],
  );

  const stop = useCallback(() => {
    if (streamingReply)
      void run(() => client.messages.cancel.mutate({ messageId: streamingReply.id }));
  }, [client, run, streamingReply]);

  const actionsFor = (message: MessageDTO) => ({
    busy: busy || Boolean(streamingReply),
    onRegenerate:
      message.id === lastAssistant?.id
        ? () => void run(() => client.messages.regenerate.mutate({ messageId: message.id }))
        : undefined,
    onEdit:
      message.role === 'user'
        ? (content: string) =>
            void run(() => client.messages.edit.mutate({ messageId: message.id, content }))
        : undefined,
  });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ChatHeader session={current} onChange={setSession} />
      {!loaded && !error ? (
        <p className="p-6 text-center text-sm text-zinc-500">Loading messages…</p>
      ) : (
        <MessageList
          messages={messages}
          actionsFor={actionsFor}
          onReachTop={loadOlder}
          hasOlder={hasOlder()}
        />
      )}
      {(failure || error) && (
        <div
          role="alert"
          className="mx-auto flex w-full max-w-3xl items-center gap-3 px-4 text-sm text-red-700 dark:text-red-400"
        >
          <span>{failure?.message ?? error}</span>
          {failure?.retry && (
            <button
              type="button"
              onClick={failure.retry}
              className="rounded border border-current px-2 py-0.5"
            >
              Retry
            </button>
          )}
        </div>
      )}
      <Composer onSend={send} onStop={stop} streaming={Boolean(streamingReply)} />
    </div>
  );
}
