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
import { useRefreshChatLists } from './useChatLists';

const menuItemClass =
  'block w-full rounded px-3 py-1.5 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800';

/** One chat in the sidebar, with its options: rename, favourite, move, export, delete. */
export function SessionItem({ session, groups }: { session: SessionDTO; groups: GroupDTO[] }) {
  const trpc = useTRPC();
  const client = useChatClient();
  const router = useRouter();
  const pathname = usePathname();
  const refresh = useRefreshChatLists();
  const [menuOpen, setMenuOpen] = useState(false);
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
    setMenuOpen(false);
    try {
      downloadFile(await client.sessions.export.query({ id: session.id, format }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <li className="group relative">
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
            {session.isFavorite && <span aria-label="Favorite">★ </span>}
            {session.title}
          </Link>
          <button
            type="button"
            aria-label={`Options for ${session.title}`}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}
            className="rounded px-2 py-1 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
          >
            ⋯
          </button>
        </div>
      )}
      {menuOpen && (
        <div
          role="menu"
          aria-label={`Options for ${session.title}`}
          onKeyDown={(event) => event.key === 'Escape' && setMenuOpen(false)}
          className="absolute right-1 z-20 mt-1 w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <button
            role="menuitem"
            className={menuItemClass}
            autoFocus
            onClick={() => (setMenuOpen(false), setRenaming(true))}
          >
            Rename
          </button>
          <button
            role="menuitem"
            className={menuItemClass}
            onClick={() => (
              setMenuOpen(false),
              update.mutate({ id: session.id, isFavorite: !session.isFavorite })
            )}
          >
            {session.isFavorite ? 'Remove from favorites' : 'Add to favorites'}
          </button>
          <label className="block px-3 py-1.5 text-sm">
            Move to group
            <select
              className="mt-1 block w-full rounded border border-zinc-300 bg-white px-1 py-1 dark:border-zinc-700 dark:bg-zinc-950"
              value={session.groupId ?? ''}
              onChange={(event) => {
                setMenuOpen(false);
                update.mutate({ id: session.id, groupId: event.target.value || null });
              }}
            >
              <option value="">No group</option>
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
          <button role="menuitem" className={menuItemClass} onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button role="menuitem" className={menuItemClass} onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          <button
            role="menuitem"
            className={`${menuItemClass} text-red-700 dark:text-red-400`}
            onClick={() => (setMenuOpen(false), setConfirmingDelete(true))}
          >
            Delete
          </button>
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
