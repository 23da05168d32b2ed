'use client';
import type { GroupDTO } from '@chatbot/api';
import { useMemo } from 'react';
import { groupByDate } from './dateBuckets';
import { LoadingMore, LoadMoreSentinel } from './LoadMore';
import { Section } from './Section';
import { SessionItem } from './SessionItem';
import { useSessionPages } from './useChatLists';

const PAGE = 50;

/**
 * The chats in no group and not starred, under date headings by last activity (the list's own
 * order), loading older pages as the list is scrolled to its end.
 */
export function RecentSessions({ groups }: { groups: GroupDTO[] }) {
  const recent = useSessionPages({ ungrouped: true, favorite: false, limit: PAGE });
  const buckets = useMemo(
    () => groupByDate(recent.sessions, (session) => session.lastMessageAt),
    [recent.sessions],
  );

  return (
    <Section title="Recent">
      {buckets.map((bucket) => (
        <Section key={bucket.label} title={bucket.label} level={3}>
          <ul>
            {bucket.items.map((session) => (
              <SessionItem key={session.id} session={session} groups={groups} />
            ))}
          </ul>
        </Section>
      ))}
      {recent.isSuccess && recent.sessions.length === 0 && (
        <p className="px-3 text-sm text-zinc-600 dark:text-zinc-400">No chats yet.</p>
      )}
      <LoadMoreSentinel
        active={recent.hasMore && !recent.loadingMore}
        onVisible={recent.loadMore}
      />
      <LoadingMore loading={recent.loadingMore} />
    </Section>
  );
}

/** Every chat that matches the search, newest first, a page at a time as the list scrolls. */
export function SearchResults({ query, groups }: { query: string; groups: GroupDTO[] }) {
  const results = useSessionPages({ search: query, limit: PAGE });
  return (
    <Section title="Search results">
      <ul>
        {results.sessions.map((session) => (
          <SessionItem key={session.id} session={session} groups={groups} />
        ))}
      </ul>
      {results.isSuccess && results.sessions.length === 0 && (
        <p className="px-3 text-sm text-zinc-600 dark:text-zinc-400">No chats match.</p>
      )}
      <LoadMoreSentinel
        active={results.hasMore && !results.loadingMore}
        onVisible={results.loadMore}
      />
      <LoadingMore loading={results.loadingMore} />
    </Section>
  );
}
