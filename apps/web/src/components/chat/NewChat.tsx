'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useChatClient, useTRPC } from '@/lib/trpc';
import { DropZone } from '../attachments/DropZone';
import { usePendingAttachments } from '../attachments/usePendingAttachments';
import { useRefreshChatLists } from '../sidebar/useChatLists';
import { Composer } from './Composer';
import { ModelOptions } from './ModelOptions';
import { SendNoticeBar } from './SendNoticeBar';
import { SystemPromptDialog } from './SystemPromptDialog';
import { useReliableSend } from './useReliableSend';
import { SMALL_BUTTON } from '../ModalDialog';

/**
 * A blank chat: the model and system prompt can be chosen first; the first message creates the
 * session with them, then opens it.
 */
export function NewChat(props: { messageLimit: number; systemPromptLimit: number }) {
  const trpc = useTRPC();
  const client = useChatClient();
  const router = useRouter();
  const refresh = useRefreshChatLists();
  const models = useQuery(trpc.models.list.queryOptions());
  const [model, setModel] = useState<string>();
  const [systemPrompt, setSystemPrompt] = useState('');
  const [editingPrompt, setEditingPrompt] = useState(false);
  const chosen = model ?? models.data?.find((item) => item.isDefault)?.id;
  // A retry reuses the session the first try created.
  const created = useRef<string | undefined>(undefined);

  const attachments = usePendingAttachments();
  const { send, notice, retryNow } = useReliableSend(async (content, clientId, attachmentIds) => {
    created.current ??= (
      await client.sessions.create.mutate({
        ...(chosen ? { model: chosen } : {}),
        ...(systemPrompt ? { systemPrompt } : {}),
      })
    ).id;
    const sessionId = created.current;
    await client.messages.send.mutate({
      sessionId,
      content,
      clientId,
      ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
    });
    void refresh();
    router.push(`/c/${sessionId}`);
  });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <h1 className="flex-1 text-base font-semibold">New chat</h1>
        <label className="flex items-center gap-1 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Model</span>
          <select
            aria-label="Model"
            value={chosen ?? ''}
            onChange={(event) => setModel(event.target.value)}
            className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <ModelOptions models={models.data} />
          </select>
        </label>
        <button type="button" onClick={() => setEditingPrompt(true)} className={SMALL_BUTTON}>
          System prompt{systemPrompt ? ' ✓' : ''}
        </button>
        <SystemPromptDialog
          open={editingPrompt}
          value={systemPrompt}
          maxLength={props.systemPromptLimit}
          onClose={() => setEditingPrompt(false)}
          onSave={(value) => {
            setEditingPrompt(false);
            setSystemPrompt(value);
          }}
        />
      </header>
      <DropZone onFiles={attachments.add}>
        <div className="flex flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
          <p className="text-2xl font-semibold">How can I help?</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Your chats are kept in the sidebar.
          </p>
        </div>
        <SendNoticeBar
          message={notice?.message}
          onRetryNow={notice?.retrying ? retryNow : undefined}
        />
        <Composer
          onSend={send}
          onStop={() => {}}
          streaming={false}
          maxLength={props.messageLimit}
          attachments={attachments}
        />
      </DropZone>
    </div>
  );
}
