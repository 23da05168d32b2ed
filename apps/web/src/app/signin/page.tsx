import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { AuthCard } from '@/components/AuthCard';
import { getApp } from '@/server/app';
import { currentUser } from '@/server/auth';
import { SignInForm } from './SignInForm';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Chatbot AI' };

export default async function SignInPage() {
  if (await currentUser()) redirect('/');
  const app = await getApp();
  return (
    <AuthCard title="Sign in">
      <Suspense>
        <SignInForm googleEnabled={Boolean(app.config.auth.google)} />
      </Suspense>
    </AuthCard>
  );
}
