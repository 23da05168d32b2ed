'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeMutationError } from '@/lib/mutationError';
import { useTRPC } from '@/lib/trpc';
import { ModalDialog, SMALL_BUTTON } from '../ModalDialog';
import { CopyButton } from './CopyButton';

/**
 * "Share": a public, read-only link to a snapshot of this chat. The snapshot is taken when the
 * link is made and again only on "Update snapshot", so later messages stay private until then.
 */
export function ShareButton({ sessionId }: { sessionId: string }) {
  const [open, setOpen] = useState(false);

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={SMALL_BUTTON}>
        Share
      </button>
      <ModalDialog open={open} title="Share this chat" onClose={() => setOpen(false)} closeButton>
        <ShareControls sessionId={sessionId} />
      </ModalDialog>
    </>
  );
}

function ShareControls({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shares = useQuery(trpc.sessions.shares.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.sessions.shares.queryFilter());
  const share = useMutation(trpc.sessions.share.mutationOptions({ onSuccess: refresh }));
  const unshare = useMutation(trpc.sessions.unshare.mutationOptions({ onSuccess: refresh }));
  const link = shares.data?.find((item) => item.sessionId === sessionId);
  const url = link ? `${window.location.origin}/share/${link.token}` : undefined;
  const busy = share.isPending || unshare.isPending;
  const failure = share.error ?? unshare.error ?? shares.error;

  if (shares.isPending) return <p className="text-sm text-zinc-500">Loading…</p>;
  return (
    <div className="flex flex-col gap-3 text-sm">
      {url && link ? (
        <>
          <p className="text-zinc-600 dark:text-zinc-400">
            Anyone with this link can read the chat as it was on{' '}
            {new Date(link.updatedAt).toLocaleString()}. Your later messages stay private until you
            update the snapshot.
          </p>
          <div className="flex items-center gap-2">
            <input
              readOnly
              aria-label="Share link"
              value={url}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800"
            />
            <CopyButton text={url} label="Copy link" className={SMALL_BUTTON} />
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              disabled={busy}
              onClick={() => share.mutate({ id: sessionId })}
              className={SMALL_BUTTON}
            >
              Update snapshot
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => unshare.mutate({ id: sessionId })}
              className={`${SMALL_BUTTON} text-red-700 dark:text-red-400`}
            >
              Stop sharing
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="text-zinc-600 dark:text-zinc-400">
            Make a public, read-only link to this chat as it is now. Your email and your other chats
            are never shown.
          </p>
          <div>
            <button
              type="button"
              disabled={busy}
              onClick={() => share.mutate({ id: sessionId })}
              className={SMALL_BUTTON}
            >
              Create link
            </button>
          </div>
        </>
      )}
      {failure && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {describeMutationError(failure)}
        </p>
      )}
    </div>
  );
}
