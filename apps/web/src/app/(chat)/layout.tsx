import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ChatShell } from '@/components/ChatShell';
import { ApiProvider } from '@/lib/trpc';
import { currentUser } from '@/server/auth';

export const dynamic = 'force-dynamic';

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return (
    <ApiProvider>
      <ChatShell user={{ email: user.email, name: user.name ?? null }}>{children}</ChatShell>
    </ApiProvider>
  );
}
