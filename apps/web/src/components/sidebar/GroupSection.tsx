'use client';
import type { GroupDTO } from '@chatbot/api';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ConfirmDialog } from '../ConfirmDialog';
import { InlineEdit } from '../InlineEdit';
import { GroupMenu } from './GroupMenu';
import { SessionItem } from './SessionItem';
import { ShowMore } from './Section';
import { useRefreshChatLists, useSessionPages } from './useChatLists';
import { useRememberedOpen } from './useRememberedOpen';

/**
 * A folder of chats: collapsible (closed until opened, then remembered), renamable, starred,
 * deletable (its chats stay, ungrouped). Its chats are asked for only while it is open.
 */
export function GroupSection({ group, groups }: { group: GroupDTO; groups: GroupDTO[] }) {
  const trpc = useTRPC();
  const refresh = useRefreshChatLists();
  const [open, toggle] = useRememberedOpen(`group.${group.id}`);
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const sessions = useSessionPages({ groupId: group.id, limit: 20 }, { enabled: open });
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
            onClick={toggle}
            className="flex min-w-0 flex-1 items-center gap-1 rounded px-2 py-1 text-left text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
            <span className="truncate">{group.name}</span>
            {group.isFavorite && (
              <span className="text-amber-500">
                <span aria-hidden="true">★</span>
                <span className="sr-only">(favorite)</span>
              </span>
            )}
            <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
              {group.sessionCount}
            </span>
          </button>
        )}
        <GroupMenu
          group={group}
          onRename={() => setRenaming(true)}
          onFavorite={() => update.mutate({ id: group.id, isFavorite: !group.isFavorite })}
          onDelete={() => setConfirmingDelete(true)}
        />
      </div>
      {open && (
        <ul id={listId} className="ml-3 border-l border-zinc-200 pl-1 dark:border-zinc-800">
          {sessions.sessions.map((session) => (
            <SessionItem key={session.id} session={session} groups={groups} />
          ))}
          {sessions.isSuccess && sessions.sessions.length === 0 && (
            <li className="px-3 py-1 text-xs text-zinc-600 dark:text-zinc-400">No chats</li>
          )}
          {sessions.hasMore && (
            <li>
              <ShowMore
                label={`Show more in ${group.name}`}
                loading={sessions.loadingMore}
                onClick={sessions.loadMore}
              />
            </li>
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
