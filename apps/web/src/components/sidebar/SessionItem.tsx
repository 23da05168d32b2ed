'use client';
import type { GroupDTO, SessionDTO } from '@chatbot/api';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { useChatClient, useTRPC } from '@/lib/trpc';
import { ConfirmDialog } from '../ConfirmDialog';
import { InlineEdit } from '../InlineEdit';
import { downloadFile } from './downloadFile';
import { SessionMenu } from './SessionMenu';
import { useRefreshChatLists } from './useChatLists';

/** One chat in the sidebar, with its options: rename, favourite, move, export, delete. */
export function SessionItem({ session, groups }: { session: SessionDTO; groups: GroupDTO[] }) {
  const trpc = useTRPC();
  const client = useChatClient();
  const router = useRouter();
  const pathname = usePathname();
  const refresh = useRefreshChatLists();
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [error, setError] = useState<string>();
  const href = `/c/${session.id}`;
  const active = pathname === href;

  const update = useMutation(
    trpc.sessions.update.mutationOptions({
      onSuccess: () => refresh(),
      onError: (e) => setError(e.message),
    }),
  );
  const remove = useMutation(
    trpc.sessions.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        if (active) router.push('/');
      },
      onError: (e) => setError(e.message),
    }),
  );

  async function exportAs(format: 'json' | 'md') {
    try {
      downloadFile(await client.sessions.export.query({ id: session.id, format }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <li>
      {renaming ? (
        <InlineEdit
          label="New title"
          initialValue={session.title}
          maxLength={200}
          className="px-2 py-1"
          onCancel={() => setRenaming(false)}
          onSave={(title) => {
            setRenaming(false);
            if (title !== session.title) update.mutate({ id: session.id, title });
          }}
        />
      ) : (
        <div
          className={`flex items-center rounded-lg ${active ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'}`}
        >
          <Link
            href={href}
            className="min-w-0 flex-1 truncate px-3 py-1.5 text-sm"
            aria-current={active ? 'page' : undefined}
          >
            {session.isFavorite && (
              <>
                <span aria-hidden="true">★ </span>
                <span className="sr-only">Favorite: </span>
              </>
            )}
            {session.title}
          </Link>
          <SessionMenu
            session={session}
            groups={groups}
            onRename={() => setRenaming(true)}
            onFavorite={() => update.mutate({ id: session.id, isFavorite: !session.isFavorite })}
            onMove={(groupId) => update.mutate({ id: session.id, groupId })}
            onExport={(format) => void exportAs(format)}
            onDelete={() => setConfirmingDelete(true)}
          />
        </div>
      )}
      {error && (
        <p role="alert" className="px-3 text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirmingDelete}
        title="Delete this chat?"
        body={`“${session.title}” and all its messages will be deleted.`}
        confirmLabel="Delete chat"
        onCancel={() => setConfirmingDelete(false)}
        onConfirm={() => {
          setConfirmingDelete(false);
          remove.mutate({ id: session.id });
        }}
      />
    </li>
  );
}
