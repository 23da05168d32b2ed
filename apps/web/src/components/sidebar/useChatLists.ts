'use client';
import type { RouterInputs } from '@chatbot/api';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTRPC } from '@/lib/trpc';

/** Refresh every list in the sidebar (after a change to a chat or a group). */
export function useRefreshChatLists() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.groups.pathKey() }),
      ]),
    [queryClient, trpc],
  );
}

type ListFilter = Omit<NonNullable<RouterInputs['sessions']['list']>, 'cursor'>;

/**
 * One filtered list of chats, newest activity first, a page at a time: `sessions` holds every
 * page loaded so far and `loadMore` asks for the next one.
 */
export function useSessionPages(filter: ListFilter, options: { enabled?: boolean } = {}) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.sessions.list.infiniteQueryOptions(filter, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      enabled: options.enabled ?? true,
    }),
  );
  const sessions = useMemo(
    () => query.data?.pages.flatMap((page) => page.items) ?? [],
    [query.data],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  return {
    sessions,
    isSuccess: query.isSuccess,
    isError: query.isError,
    hasMore: hasNextPage,
    loadingMore: isFetchingNextPage,
    loadMore,
  };
}
