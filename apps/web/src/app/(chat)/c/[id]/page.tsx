import { LIMITS } from '@chatbot/core/schemas';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ChatView } from '@/components/chat/ChatView';
import { APP_NAME } from '@/lib/appName';
import { serverCaller } from '@/server/caller';

export const dynamic = 'force-dynamic';

/** One read per request, shared by the title and the page. */
const loadSession = cache(async (id: string) => {
  const caller = await serverCaller();
  try {
    return await caller.sessions.get({ id });
  } catch (error) {
    // Another user's chat, a deleted one and a made-up id all look the same. By shape, not
    // class: this bundle's TRPCError need not be the router's.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    if (name === 'TRPCError' && (code === 'NOT_FOUND' || code === 'BAD_REQUEST')) notFound();
    throw error;
  }
});

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const session = await loadSession((await params).id);
  return { title: `${session.title} · ${APP_NAME}` };
}

export default async function ChatPage({ params }: Props) {
  const session = await loadSession((await params).id);
  return (
    <ChatView key={session.id} initialSession={session} messageLimit={LIMITS.messageContent} />
  );
}
