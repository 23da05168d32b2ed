import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { SkipLink } from '@/components/SkipLink';
import { APP_NAME } from '@/lib/appName';
import './globals.css';

export const metadata: Metadata = {
  title: APP_NAME,
  description: 'A self-hostable AI chat',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Applies the saved theme (or the system's) before the first paint, so there is no flash.
const themeScript = `(() => {
  try {
    const saved = localStorage.getItem('theme');
    const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch {}
})();`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's script nonce (src/proxy.ts): the CSP runs no inline script without it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <SkipLink />
        {children}
      </body>
    </html>
  );
}
