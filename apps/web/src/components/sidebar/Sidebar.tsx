'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { useDeferredValue, useState, type ReactNode } from 'react';
import { useTRPC } from '@/lib/trpc';
import { InlineEdit } from '../InlineEdit';
import { ThemeToggle } from '../ThemeToggle';
import { GroupSection } from './GroupSection';
import { SessionItem } from './SessionItem';
import { useRefreshChatLists } from './useChatLists';

export interface ShellUser {
  email: string;
  name: string | null;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="mb-4">
      <h2
        id={id}
        className="px-3 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400"
      >
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Sidebar({ user, onClose }: { user: ShellUser; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshChatLists();
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim());
  const [creatingGroup, setCreatingGroup] = useState(false);

  const groups = useQuery(trpc.groups.list.queryOptions());
  const favorites = useQuery(trpc.sessions.list.queryOptions({ favorite: true, limit: 100 }));
  const recent = useQuery(trpc.sessions.list.queryOptions({ limit: 100 }));
  const results = useQuery({
    ...trpc.sessions.list.queryOptions({ search: query, limit: 50 }),
    enabled: query.length > 0,
  });
  const createGroup = useMutation(
    trpc.groups.create.mutationOptions({ onSuccess: () => refresh() }),
  );

  const groupList = groups.data ?? [];
  const ungrouped = (recent.data?.items ?? []).filter(
    (session) => !session.groupId && !session.isFavorite,
  );

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center gap-2 p-3">
        <Link
          href="/"
          className="flex-1 rounded-lg border border-zinc-300 px-3 py-2 text-center text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          + New chat
        </Link>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-2 py-2 text-sm md:hidden"
          aria-label="Close sidebar"
        >
          ✕
        </button>
      </div>
      <div className="px-3 pb-2">
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search chats"
          aria-label="Search chats"
          maxLength={200}
          className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
      </div>
      <nav aria-label="Chat list" className="min-h-0 flex-1 overflow-y-auto px-2">
        {query ? (
          <Section title="Search results">
            <ul>
              {results.data?.items.map((session) => (
                <SessionItem key={session.id} session={session} groups={groupList} />
              ))}
              {results.data?.items.length === 0 && (
                <li className="px-3 text-sm text-zinc-500">No chats match.</li>
              )}
            </ul>
          </Section>
        ) : (
          <>
            {(favorites.data?.items.length ?? 0) > 0 && (
              <Section title="Favorites">
                <ul>
                  {favorites.data?.items.map((session) => (
                    <SessionItem key={session.id} session={session} groups={groupList} />
                  ))}
                </ul>
              </Section>
            )}
            <Section title="Groups">
              <ul>
                {groupList.map((group) => (
                  <GroupSection key={group.id} group={group} groups={groupList} />
                ))}
              </ul>
              {creatingGroup ? (
                <InlineEdit
                  label="New group name"
                  placeholder="Group name"
                  maxLength={100}
                  className="px-2 py-1"
                  onCancel={() => setCreatingGroup(false)}
                  onSave={(name) => {
                    setCreatingGroup(false);
                    createGroup.mutate({ name });
                  }}
                />
              ) : (
                <button
                  type="button"
                  onClick={() => setCreatingGroup(true)}
                  className="px-3 py-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                >
                  + New group
                </button>
              )}
            </Section>
            <Section title="Recent">
              <ul>
                {ungrouped.map((session) => (
                  <SessionItem key={session.id} session={session} groups={groupList} />
                ))}
                {recent.isSuccess && ungrouped.length === 0 && (
                  <li className="px-3 text-sm text-zinc-500">No chats yet.</li>
                )}
              </ul>
            </Section>
          </>
        )}
      </nav>
      <div className="flex items-center gap-2 border-t border-zinc-200 p-3 text-sm dark:border-zinc-800">
        <span className="min-w-0 flex-1 truncate" title={user.email}>
          {user.name ?? user.email}
        </span>
        <ThemeToggle />
        <button
          type="button"
          onClick={() => void signOut({ callbackUrl: '/signin' })}
          className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800"
        >
          Sign out
        </button>
      </div>
    </div>
  );
}
