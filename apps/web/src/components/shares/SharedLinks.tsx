'use client';
import type { RouterOutputs } from '@chatbot/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { describeMutationError } from '@/lib/mutationError';
import { useTRPC } from '@/lib/trpc';
import { CopyButton } from '../chat/CopyButton';
import { SMALL_BUTTON } from '../ModalDialog';

type ShareLink = RouterOutputs['sessions']['shares'][number];

/** Every chat I have shared, newest snapshot first: copy its link again, or stop sharing it. */
export function SharedLinks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shares = useQuery(trpc.sessions.shares.queryOptions());
  const unshare = useMutation(
    trpc.sessions.unshare.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.sessions.shares.queryFilter()),
    }),
  );
  const links = [...(shares.data ?? [])].sort(
    (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime(),
  );

  return (
    <div className="mx-auto w-full max-w-3xl overflow-y-auto p-6">
      <h1 className="mb-1 text-xl font-semibold">Shared links</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Anyone with one of these links can read that chat as it was when you last updated its
        snapshot. Stopping a link makes it answer “not found” at once.
      </p>
      {shares.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : shares.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {describeMutationError(shares.error)}
        </p>
      ) : links.length === 0 ? (
        <p className="text-sm">You have not shared any chat. Use “Share” at the top of a chat.</p>
      ) : (
        <ul
          className="divide-y divide-zinc-200 dark:divide-zinc-800"
          aria-label="Your shared links"
        >
          {links.map((link) => (
            <SharedLinkRow
              key={link.token}
              link={link}
              stopping={unshare.isPending && unshare.variables?.id === link.sessionId}
              onStop={() => unshare.mutate({ id: link.sessionId })}
            />
          ))}
        </ul>
      )}
      {unshare.error && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {describeMutationError(unshare.error)}
        </p>
      )}
    </div>
  );
}

function SharedLinkRow(props: { link: ShareLink; stopping: boolean; onStop: () => void }) {
  const { link } = props;
  const url = () => `${window.location.origin}/share/${link.token}`;
  return (
    <li className="flex flex-wrap items-center gap-2 py-3 text-sm">
      <div className="min-w-0 flex-1">
        <Link href={`/c/${link.sessionId}`} className="block truncate font-medium hover:underline">
          {link.title}
        </Link>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          Snapshot of {link.updatedAt.toLocaleString()}
        </span>
      </div>
      <a href={`/share/${link.token}`} target="_blank" rel="noopener" className={SMALL_BUTTON}>
        Open<span className="sr-only"> the shared page of {link.title}</span>
      </a>
      <CopyButton text={url} label={`Copy the link to ${link.title}`} className={SMALL_BUTTON} />
      <button
        type="button"
        disabled={props.stopping}
        onClick={props.onStop}
        className={`${SMALL_BUTTON} text-red-700 dark:text-red-400`}
      >
        Stop sharing<span className="sr-only"> {link.title}</span>
      </button>
    </li>
  );
}
