import 'server-only';
import type { App } from '@chatbot/core';
import { signInWithIdentity } from '@chatbot/core/accounts';
import { applyNextAuthEnvironment } from '@chatbot/config';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import GoogleProvider from 'next-auth/providers/google';
import { getApp } from './app';
import { authorizeCredentials } from './credentialsSignIn';
import { endWebSession, liveWebSessionUser, startWebSession } from './webSessions';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
  }
}

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * next-auth: the same users as the API (Credentials, argon2id), plus Google when configured;
 * JWT sessions. The token carries our user id as `uid` and its server-side session as `sid`
 * (see ./webSessions.ts): a token whose session has ended is no session at all.
 */
export function buildAuthOptions(app: App): NextAuthOptions {
  const { config } = app;
  applyNextAuthEnvironment(config);
  const prisma = app.database.prisma;
  const google = config.auth.google;
  return {
    secret: config.auth.authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: config.publicUrl?.startsWith('https://') ?? false,
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        authorize: (credentials, request) => authorizeCredentials(app, credentials, request),
      }),
      ...(google
        ? [
            GoogleProvider({
              clientId: google.clientId,
              clientSecret: google.clientSecret,
              issuer: google.issuer,
              wellKnown: `${google.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
              checks: ['pkce', 'state'],
              authorization: { params: { scope: 'openid email profile' } },
            }),
          ]
        : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'google') return true;
        const claims = profile as {
          sub?: string;
          email?: string;
          email_verified?: boolean;
          name?: string;
          picture?: string;
        };
        try {
          const { user: linked } = await signInWithIdentity(prisma, {
            provider: 'google',
            providerAccountId: account.providerAccountId ?? claims.sub ?? '',
            email: claims.email,
            emailVerified: claims.email_verified === true,
            name: claims.name,
            image: claims.picture,
          });
          user.id = linked.id; // the jwt callback stores our id, not Google's
          return true;
        } catch {
          return '/signin?error=GoogleEmail';
        }
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sid = await startWebSession(prisma, user.id, SESSION_MAX_AGE_SECONDS);
          return token;
        }
        // Thrown, next-auth clears the cookie and answers with no session.
        if (!(await isLive(prisma, token))) throw new Error('The session has ended');
        return token;
      },
      async session({ session, token }) {
        session.user = { ...session.user, id: String(token.uid), email: session.user?.email ?? '' };
        return session;
      },
    },
    // A token whose session has ended is routine (JWT_SESSION_ERROR): not worth an error line.
    logger: {
      error: (code, metadata) =>
        code === 'JWT_SESSION_ERROR'
          ? app.logger.info({ code }, 'next-auth: no live session')
          : app.logger.error({ code, err: metadata }, 'next-auth error'),
      warn: (code) => app.logger.warn({ code }, 'next-auth warning'),
      debug: () => {},
    },
    events: {
      async signOut({ token }) {
        await endWebSession(prisma, token?.sid);
      },
    },
  };
}

/** Built once per process, beside the app it reads (see ./app.ts for why on globalThis). */
const holder = globalThis as unknown as { chatbotAuthOptions?: Promise<NextAuthOptions> };
export function getAuthOptions(): Promise<NextAuthOptions> {
  holder.chatbotAuthOptions ??= getApp().then(buildAuthOptions);
  return holder.chatbotAuthOptions;
}

/** The signed-in user's id from the session cookie of a request (route handlers). */
export async function sessionUserId(req: Request): Promise<string | undefined> {
  const app = await getApp();
  const token = await getToken({
    req: req as never,
    secret: app.config.auth.authSecret,
    secureCookie: app.config.publicUrl?.startsWith('https://') ?? false,
  });
  return token && (await isLive(app.database.prisma, token)) ? String(token.uid) : undefined;
}

/** Whether a token's server-side session is live and is its user's. */
async function isLive(prisma: App['database']['prisma'], token: Record<string, unknown>) {
  if (typeof token.uid !== 'string') return false;
  return (await liveWebSessionUser(prisma, token.sid)) === token.uid;
}

/** The signed-in user in a server component, or undefined. */
export async function currentUser() {
  const session = await getServerSession(await getAuthOptions());
  return session?.user?.id ? session.user : undefined;
}
