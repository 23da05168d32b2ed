import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/AuthCard';
import { currentUser } from '@/server/auth';
import { RegisterForm } from './RegisterForm';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create account · Chatbot AI' };

export default async function RegisterPage() {
  if (await currentUser()) redirect('/');
  return (
    <AuthCard title="Create your account">
      <RegisterForm />
    </AuthCard>
  );
}
