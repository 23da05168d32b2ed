'use client';
import type { SessionDTO } from '@chatbot/api';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ModelOptions } from './ModelOptions';
import { useRefreshChatLists } from '../sidebar/useChatLists';
import { ShareButton } from './ShareDialog';
import { SystemPromptDialog } from './SystemPromptDialog';
import { SMALL_BUTTON } from '../ModalDialog';

/** The chat's title, its model, its system prompt and its share link. */
export function ChatHeader({
  session,
  onChange,
}: {
  session: SessionDTO;
  onChange: (session: SessionDTO) => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshChatLists();
  const models = useQuery(trpc.models.list.queryOptions());
  const update = useMutation(
    trpc.sessions.update.mutationOptions({
      onSuccess: (updated) => {
        onChange(updated);
        void refresh();
      },
    }),
  );
  const [editingPrompt, setEditingPrompt] = useState(false);

  return (
    <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
      {/* On a phone the title has the first row to itself (two lines at most); the controls wrap below. */}
      <h1
        className="line-clamp-2 min-w-0 basis-full text-base font-semibold break-words sm:line-clamp-1 sm:flex-1"
        data-testid="chat-title"
      >
        {session.title}
      </h1>
      <label className="flex items-center gap-1 text-sm">
        <span className="text-zinc-600 dark:text-zinc-400">Model</span>
        <select
          aria-label="Model"
          value={session.model}
          onChange={(event) => update.mutate({ id: session.id, model: event.target.value })}
          className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        >
          <ModelOptions models={models.data} current={session.model} />
        </select>
      </label>
      <button type="button" onClick={() => setEditingPrompt(true)} className={SMALL_BUTTON}>
        System prompt{session.systemPrompt ? ' ✓' : ''}
      </button>
      <ShareButton sessionId={session.id} />
      <SystemPromptDialog
        open={editingPrompt}
        value={session.systemPrompt ?? ''}
        maxLength={20_000}
        onClose={() => setEditingPrompt(false)}
        onSave={(systemPrompt) => {
          setEditingPrompt(false);
          update.mutate({ id: session.id, systemPrompt: systemPrompt || null });
        }}
      />
    </header>
  );
}
