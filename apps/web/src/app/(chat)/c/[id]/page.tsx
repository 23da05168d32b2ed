import { notFound } from 'next/navigation';
import { ChatView } from '@/components/chat/ChatView';
import { serverCaller } from '@/server/caller';

export const dynamic = 'force-dynamic';

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await serverCaller();
  try {
    const session = await caller.sessions.get({ id });
    return <ChatView key={session.id} initialSession={session} />;
  } catch (error) {
    // Another user's chat, a deleted one and a made-up id all look the same. By shape, not
    // class: this bundle's TRPCError need not be the router's.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    if (name === 'TRPCError' && (code === 'NOT_FOUND' || code === 'BAD_REQUEST')) notFound();
    throw error;
  }
}
