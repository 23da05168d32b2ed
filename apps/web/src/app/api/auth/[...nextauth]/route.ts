import NextAuth from 'next-auth';
import { getAuthOptions } from '@/server/auth';

export const dynamic = 'force-dynamic';

async function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, context as never, await getAuthOptions());
}

export { handler as GET, handler as POST };
