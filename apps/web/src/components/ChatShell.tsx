'use client';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { Sidebar, type ShellUser } from './sidebar/Sidebar';

/**
 * Sidebar beside the chat on wide screens; a drawer over it on phones, invisible while closed so
 * Tab and screen readers do not wander into a list that is off screen.
 */
export function ChatShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setDrawerOpen(false), [pathname]);

  return (
    <div className="flex h-dvh overflow-hidden">
      <div
        className={`fixed inset-0 z-30 bg-black/40 md:hidden ${drawerOpen ? '' : 'hidden'}`}
        aria-hidden="true"
        onClick={() => setDrawerOpen(false)}
      />
      <aside
        id="sidebar"
        aria-label="Chats"
        className={`fixed inset-y-0 left-0 z-40 w-72 max-w-[85vw] border-r border-zinc-200 bg-zinc-50 transition-[translate,visibility] md:visible md:static md:translate-x-0 dark:border-zinc-800 dark:bg-zinc-900 ${
          drawerOpen ? 'visible translate-x-0' : 'invisible -translate-x-full'
        }`}
      >
        <Sidebar user={user} onClose={() => setDrawerOpen(false)} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center border-b border-zinc-200 px-2 py-1 md:hidden dark:border-zinc-800">
          <button
            type="button"
            className="rounded-md px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
            aria-controls="sidebar"
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          >
            ☰ Chats
          </button>
        </div>
        <main className="flex min-h-0 flex-1 flex-col">{children}</main>
      </div>
    </div>
  );
}
