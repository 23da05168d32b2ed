import type { MessageDTO } from '@chatbot/api';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { MessageItem } from '@/components/chat/MessageItem';
import { APP_NAME } from '@/lib/appName';
import { ApiProvider } from '@/lib/trpc';
import { currentUser } from '@/server/auth';
import { serverCaller } from '@/server/caller';
import { ContinueButton } from './ContinueButton';

export const dynamic = 'force-dynamic';

/** One read per request, shared by the metadata and the page. */
const loadShared = cache(async (token: string) => {
  const caller = await serverCaller();
  try {
    return await caller.shares.get({ token });
  } catch (error) {
    // Unknown, revoked and malformed tokens are one NOT_FOUND. By shape, not class (see c/[id]).
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    if (name === 'TRPCError' && (code === 'NOT_FOUND' || code === 'BAD_REQUEST')) notFound();
    throw error;
  }
});

type Props = { params: Promise<{ token: string }> };

// A shared chat is for whoever holds the link, not for search engines.
const robots = { index: false, follow: false } as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const shared = await loadShared((await params).token);
  return { title: `${shared.title} · ${APP_NAME}`, robots, referrer: 'no-referrer' };
}

const noActions = { busy: false };

export default async function SharedChatPage({ params }: Props) {
  const { token } = await params;
  const [shared, user] = await Promise.all([loadShared(token), currentUser()]);
  // The reader's components take the API's message shape; a snapshot has no ids, so the
  // position stands in for one, and a file's ref for its id.
  const messages: MessageDTO[] = shared.messages.map(({ attachments, ...message }, index) => ({
    ...message,
    attachments: attachments.map(({ ref, ...file }) => ({ ...file, id: ref })),
    id: `shared-${index}`,
    sessionId: '',
    parentId: index === 0 ? null : `shared-${index - 1}`,
    model: null,
    error: null,
    promptTokens: null,
    completionTokens: null,
    clientId: null,
    updatedAt: message.createdAt,
  }));
  const sharedFilesUrl = `/api/shares/${encodeURIComponent(token)}/files`;
  return (
    <main className="mx-auto flex min-h-full w-full max-w-3xl flex-col gap-4 p-4">
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 pb-3 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <h1 className="text-lg font-semibold break-words" data-testid="shared-title">
            {shared.title}
          </h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            A shared chat ({shared.model}), as it was on{' '}
            <time dateTime={shared.updatedAt.toISOString()}>
              {shared.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
            </time>
            . Read-only.
          </p>
        </div>
        <ApiProvider>
          <ContinueButton token={token} signedIn={Boolean(user)} />
        </ApiProvider>
      </header>
      <section aria-label="Messages" className="flex flex-col gap-4">
        {messages.length === 0 && <p className="text-zinc-500">This chat has no messages.</p>}
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            message={message}
            actions={noActions}
            sharedFilesUrl={sharedFilesUrl}
          />
        ))}
      </section>
      <footer className="border-t border-zinc-200 pt-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <Link href="/" className="underline">
          {APP_NAME}
        </Link>
      </footer>
    </main>
  );
}
