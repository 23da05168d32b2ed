'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { describeMutationError } from '@/lib/mutationError';
import { useChatClient, useTRPC } from '@/lib/trpc';
import { useRefreshChatLists } from '../sidebar/useChatLists';
import { Composer } from './Composer';

/** A blank chat: the first message creates the session, then opens it. */
export function NewChat() {
  const trpc = useTRPC();
  const client = useChatClient();
  const router = useRouter();
  const refresh = useRefreshChatLists();
  const models = useQuery(trpc.models.list.queryOptions());
  const [model, setModel] = useState<string>();
  const [error, setError] = useState<string>();
  const chosen = model ?? models.data?.find((item) => item.isDefault)?.id;

  async function start(content: string) {
    setError(undefined);
    try {
      const session = await client.sessions.create.mutate(chosen ? { model: chosen } : {});
      await client.messages.send.mutate({
        sessionId: session.id,
        content,
        clientId: `web-${crypto.randomUUID()}`,
      });
      void refresh();
      router.push(`/c/${session.id}`);
      return true;
    } catch (cause) {
      setError(describeMutationError(cause));
      return false;
    }
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <h1 className="flex-1 text-base font-semibold">New chat</h1>
        <label className="flex items-center gap-1 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Model</span>
          <select
            aria-label="Model"
            value={chosen ?? ''}
            onChange={(event) => setModel(event.target.value)}
            className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            {models.data?.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
        <p className="text-2xl font-semibold">How can I help?</p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Your chats are kept in the sidebar.
        </p>
      </div>
      {error && (
        <p role="alert" className="mx-auto max-w-3xl px-4 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <Composer onSend={start} onStop={() => {}} streaming={false} />
    </div>
  );
}
