'use client';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { describeMutationError } from '@/lib/mutationError';
import { useTRPC } from '@/lib/trpc';

const PRIMARY =
  'rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900';

/**
 * Signed in: copy the shared chat into a chat of one's own and open it. Signed out: sign in
 * first, then come back to this page.
 */
export function ContinueButton({ token, signedIn }: { token: string; signedIn: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const copy = useMutation(
    trpc.shares.continue.mutationOptions({
      onSuccess: (session) => router.push(`/c/${session.id}`),
    }),
  );
  if (!signedIn) {
    const back = encodeURIComponent(`/share/${token}`);
    return (
      <Link href={`/signin?callbackUrl=${back}`} className={PRIMARY}>
        Sign in to continue this chat
      </Link>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={copy.isPending || copy.isSuccess}
        onClick={() => copy.mutate({ token })}
        className={PRIMARY}
      >
        Continue this chat
      </button>
      {copy.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {describeMutationError(copy.error)}
        </p>
      )}
    </div>
  );
}
