import Link from 'next/link';

/** The same page for a link that never existed, one that was revoked and a mistyped one. */
export default function SharedChatNotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        This shared chat does not exist, or its owner stopped sharing it.
      </p>
      <Link
        href="/"
        className="rounded-md bg-zinc-900 px-4 py-2 text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Go to the app
      </Link>
    </main>
  );
}
