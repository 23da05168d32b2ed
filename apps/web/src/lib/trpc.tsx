'use client';
import type { AppRouter } from '@chatbot/api';
import { createChatClient, type ChatClient } from '@chatbot/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

const ChatClientContext = createContext<ChatClient | null>(null);

/** The plain typed client, for subscriptions and imperative calls. */
export function useChatClient(): ChatClient {
  const client = useContext(ChatClientContext);
  if (!client) throw new Error('useChatClient outside <ApiProvider>');
  return client;
}

/**
 * One typed client for the browser: the same router the server and CLI use, hosted in-process
 * at /api/trpc; the next-auth session cookie identifies the user.
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  const [client] = useState(() =>
    createChatClient({
      url: `${typeof window === 'undefined' ? 'http://localhost' : window.location.origin}/api/trpc`,
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <ChatClientContext.Provider value={client}>{children}</ChatClientContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
