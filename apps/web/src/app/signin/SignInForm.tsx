'use client';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { inputClass, primaryButtonClass } from '@/components/AuthCard';
import { retryAfterOf } from '@/lib/signInErrors';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Invalid email or password',
  GoogleEmail: 'Your Google account has no verified email address',
  OAuthCallback: 'Google sign-in failed. Try again.',
};

/** The words for an error code from next-auth; unknown codes get a generic sentence. */
function describe(code: string): string {
  const wait = retryAfterOf(code);
  if (wait !== undefined) return `Too many attempts, try again in ${wait} s`;
  return ERRORS[code] ?? 'Sign-in failed. Try again.';
}

/** Only a path on this site: `//host` or `/\host` would leave it. */
function localPath(callbackUrl: string | null): string {
  return callbackUrl && /^\/(?![/\\])/.test(callbackUrl) ? callbackUrl : '/';
}

export function SignInForm({ googleEnabled }: { googleEnabled: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | undefined>(() => {
    const code = params.get('error');
    return code ? describe(code) : undefined;
  });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(describe(result?.error ?? 'SignInFailed'));
      return;
    }
    router.replace(localPath(params.get('callbackUrl')));
    router.refresh();
  }

  return (
    <>
      <form
        onSubmit={onSubmit}
        className="flex flex-col gap-4"
        aria-describedby={error ? 'signin-error' : undefined}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="email" required className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </label>
        {error && (
          <p id="signin-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {googleEnabled && (
        <button
          type="button"
          onClick={() => void signIn('google', { callbackUrl: '/' })}
          className="mt-3 w-full rounded-lg border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Sign in with Google
        </button>
      )}
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        No account yet?{' '}
        <Link href="/register" className="font-medium text-zinc-900 underline dark:text-zinc-100">
          Create one
        </Link>
      </p>
    </>
  );
}
