'use client';
import type { GroupDTO } from '@chatbot/api';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ConfirmDialog } from '../ConfirmDialog';
import { InlineEdit } from '../InlineEdit';
import { SessionItem } from './SessionItem';
import { useRefreshChatLists } from './useChatLists';

/** A folder of chats: collapsible, renamable, deletable (its chats stay, ungrouped). */
export function GroupSection({ group, groups }: { group: GroupDTO; groups: GroupDTO[] }) {
  const trpc = useTRPC();
  const refresh = useRefreshChatLists();
  const [open, setOpen] = useState(true);
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const sessions = useQuery({
    ...trpc.groups.sessions.queryOptions({ id: group.id }),
    enabled: open,
  });
  const update = useMutation(trpc.groups.update.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(trpc.groups.delete.mutationOptions({ onSuccess: () => refresh() }));
  const listId = `group-${group.id}`;

  return (
    <li>
      <div className="flex items-center gap-1 px-1">
        {renaming ? (
          <InlineEdit
            label="Group name"
            initialValue={group.name}
            maxLength={100}
            className="flex-1"
            onCancel={() => setRenaming(false)}
            onSave={(name) => {
              setRenaming(false);
              if (name !== group.name) update.mutate({ id: group.id, name });
            }}
          />
        ) : (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen((value) => !value)}
            className="flex min-w-0 flex-1 items-center gap-1 rounded px-2 py-1 text-left text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
            <span className="truncate">{group.name}</span>
            <span className="ml-auto text-xs text-zinc-500">{group.sessionCount}</span>
          </button>
        )}
        <button
          type="button"
          aria-label={`Rename group ${group.name}`}
          onClick={() => setRenaming(true)}
          className="rounded px-1.5 py-1 text-xs text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
        >
          ✎
        </button>
        <button
          type="button"
          aria-label={`Delete group ${group.name}`}
          onClick={() => setConfirmingDelete(true)}
          className="rounded px-1.5 py-1 text-xs text-zinc-500 hover:text-red-700"
        >
          ✕
        </button>
      </div>
      {open && (
        <ul id={listId} className="ml-3 border-l border-zinc-200 pl-1 dark:border-zinc-800">
          {sessions.data?.map((session) => (
            <SessionItem key={session.id} session={session} groups={groups} />
          ))}
          {sessions.data?.length === 0 && (
            <li className="px-3 py-1 text-xs text-zinc-500">No chats</li>
          )}
        </ul>
      )}
      <ConfirmDialog
        open={confirmingDelete}
        title="Delete this group?"
        body={`The group “${group.name}” will be deleted. Its chats are kept, without a group.`}
        confirmLabel="Delete group"
        onCancel={() => setConfirmingDelete(false)}
        onConfirm={() => {
          setConfirmingDelete(false);
          remove.mutate({ id: group.id });
        }}
      />
    </li>
  );
}
