'use client';
import type { SessionDTO } from '@chatbot/api';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { ConfirmDialog } from '../ConfirmDialog';
import { DropZone } from '../attachments/DropZone';
import { usePendingAttachments } from '../attachments/usePendingAttachments';
import { describeMutationError } from '@/lib/mutationError';
import { useChatClient } from '@/lib/trpc';
import { APP_NAME } from '@/lib/appName';
import { useRefreshChatLists } from '../sidebar/useChatLists';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { SendNoticeBar } from './SendNoticeBar';
import { MessageList } from './MessageList';
import { MessageListSkeleton } from './MessageListSkeleton';
import { useConversation } from './useConversation';
import { useMessageActions } from './useMessageActions';
import { useReliableSend } from './useReliableSend';

export function ChatView({
  initialSession,
  messageLimit,
}: {
  initialSession: SessionDTO;
  /** The longest message the server stores. */
  messageLimit: number;
}) {
  const client = useChatClient();
  const router = useRouter();
  const refreshLists = useRefreshChatLists();
  const [session, setSession] = useState(initialSession);
  const { conversation, loaded, error, loadOlder, hasOlder } = useConversation(
    initialSession.id,
    () => void refreshLists(),
  );
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** The message whose deletion waits for a confirmation. */
  const [deleting, setDeleting] = useState<string>();

  const current = conversation.session ?? session;
  const messages = conversation.messages;
  const streamingReply = messages.find(
    (message) => message.role === 'assistant' && message.status === 'streaming',
  );
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');

  useEffect(() => {
    if (conversation.deleted) router.replace('/');
  }, [conversation.deleted, router]);

  // The tab shows the chat's title, and follows it when it changes (an automatic title).
  useEffect(() => {
    document.title = `${current.title} · ${APP_NAME}`;
  }, [current.title]);

  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (cause) {
      setFailure(describeMutationError(cause));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const attachments = usePendingAttachments();
  const { send, notice, retryNow } = useReliableSend(async (content, clientId, attachmentIds) => {
    setFailure(undefined);
    await client.messages.send.mutate({
      sessionId: initialSession.id,
      content,
      clientId,
      ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
    });
    void refreshLists();
  });

  const stop = useCallback(() => {
    if (streamingReply)
      void run(() => client.messages.cancel.mutate({ messageId: streamingReply.id }));
  }, [client, run, streamingReply]);

  const actionsFor = useMessageActions({
    busy: busy || Boolean(streamingReply),
    lastAssistantId: lastAssistant?.id,
    regenerate: (messageId) => void run(() => client.messages.regenerate.mutate({ messageId })),
    edit: (messageId, content) =>
      void run(() => client.messages.edit.mutate({ messageId, content })),
    // The path is refetched when the session:branch event arrives, in every open tab.
    switchTo: (messageId) => void run(() => client.messages.switchBranch.mutate({ messageId })),
    remove: setDeleting,
  });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ChatHeader session={current} onChange={setSession} />
      <DropZone onFiles={attachments.add}>
        {!loaded && !error ? (
          <MessageListSkeleton />
        ) : (
          <MessageList
            messages={messages}
            actionsFor={actionsFor}
            onReachTop={loadOlder}
            hasOlder={hasOlder()}
          />
        )}
        <SendNoticeBar
          message={notice?.message ?? failure ?? error}
          onRetryNow={notice?.retrying ? retryNow : undefined}
        />
        <Composer
          onSend={send}
          onStop={stop}
          streaming={Boolean(streamingReply)}
          maxLength={messageLimit}
          attachments={attachments}
        />
      </DropZone>
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete this message?"
        body="It and every message after it on this branch will be deleted. Other versions stay."
        confirmLabel="Delete"
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const messageId = deleting;
          setDeleting(undefined);
          if (messageId) void run(() => client.messages.delete.mutate({ messageId }));
        }}
      />
    </div>
  );
}
