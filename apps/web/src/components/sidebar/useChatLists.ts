'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
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
