'use client';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { inputClass, primaryButtonClass } from '@/components/AuthCard';
import { registerAction } from './actions';

export function RegisterForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      email: String(form.get('email')),
      password: String(form.get('password')),
      name: String(form.get('name')),
    };
    setPending(true);
    setError(undefined);
    const result = await registerAction(input);
    if (!result.ok) {
      setPending(false);
      setError(result.message);
      return;
    }
    const signedIn = await signIn('credentials', {
      email: input.email,
      password: input.password,
      redirect: false,
    });
    // The account exists either way; a refused sign-in (a rate limit) is explained there.
    router.replace(signedIn?.error ? `/signin?error=${encodeURIComponent(signedIn.error)}` : '/');
    router.refresh();
  }

  return (
    <>
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Name <span className="font-normal text-zinc-500">(optional)</span>
          <input name="name" autoComplete="name" maxLength={100} className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="email" required className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Password <span className="font-normal text-zinc-500">(at least 8 characters)</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={256}
            className={inputClass}
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-zinc-900 underline dark:text-zinc-100">
          Sign in
        </Link>
      </p>
    </>
  );
}
