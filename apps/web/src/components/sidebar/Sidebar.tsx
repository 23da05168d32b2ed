'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { InlineEdit } from '../InlineEdit';
import { ThemeToggle } from '../ThemeToggle';
import { GroupSection } from './GroupSection';
import { ImportButton } from './ImportDialog';
import { ScrollRoot } from './LoadMore';
import { RecentSessions, SearchResults } from './RecentSessions';
import { Section, ShowMore } from './Section';
import { SessionItem } from './SessionItem';
import { useRefreshChatLists, useSessionPages } from './useChatLists';

export interface ShellUser {
  email: string;
  name: string | null;
}

export function Sidebar({ user, onClose }: { user: ShellUser; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshChatLists();
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim());
  const [creatingGroup, setCreatingGroup] = useState(false);

  const groups = useQuery(trpc.groups.list.queryOptions());
  const favorites = useSessionPages({ favorite: true, limit: 20 });
  const [scrollRoot, setScrollRoot] = useState<HTMLElement | null>(null);
  const createGroup = useMutation(
    trpc.groups.create.mutationOptions({ onSuccess: () => refresh() }),
  );

  const groupList = groups.data ?? [];

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
      <nav
        ref={setScrollRoot}
        aria-label="Chat list"
        className="min-h-0 flex-1 overflow-y-auto px-2"
      >
        <ScrollRoot.Provider value={scrollRoot}>
          {query ? (
            <SearchResults query={query} groups={groupList} />
          ) : (
            <>
              {favorites.sessions.length > 0 && (
                <Section title="Favorites">
                  <ul>
                    {favorites.sessions.map((session) => (
                      <SessionItem key={session.id} session={session} groups={groupList} />
                    ))}
                  </ul>
                  {favorites.hasMore && (
                    <ShowMore
                      label="Show more favorites"
                      loading={favorites.loadingMore}
                      onClick={favorites.loadMore}
                    />
                  )}
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
              <RecentSessions groups={groupList} />
            </>
          )}
        </ScrollRoot.Provider>
      </nav>
      <div className="flex gap-1 border-t border-zinc-200 px-3 pt-2 text-sm dark:border-zinc-800">
        <ImportButton />
        <Link
          href="/shares"
          className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800"
        >
          Shared links
        </Link>
      </div>
      <div className="flex items-center gap-2 p-3 pt-1 text-sm">
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
