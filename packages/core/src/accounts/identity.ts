import type { PrismaClient } from '@chatbot/db';
import { hashPassword, verifyPassword } from './passwords';
import { conflict, isUniqueViolation } from '../errors';
import type { UserDTO } from '../schemas/auth';
import { isStorableText } from '../schemas/common';
import { toUserDTO } from './users';

/**
 * Identity without tokens: for hosts that keep their own session (the web app's next-auth) and
 * for the token-issuing auth procedures alike.
 */

/** The user for these credentials, or null; an unknown email costs the same time as a wrong password. */
export async function verifyCredentials(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<UserDTO | null> {
  // Hosts that skip the input schema (next-auth's form) may pass a NUL: no user has that email.
  const user = isStorableText(email)
    ? await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } })
    : null;
  const valid = await verifyPassword(user?.passwordHash, password);
  return user && valid ? toUserDTO(user) : null;
}

export async function createUser(
  prisma: PrismaClient,
  input: { email: string; password: string; name?: string },
): Promise<UserDTO> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.user.create({
      // Stored as sign-in looks it up, whichever door created it.
      data: { email: input.email.trim().toLowerCase(), passwordHash, name: input.name ?? null },
    });
    return toUserDTO(user);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('An account with this email already exists', 'email');
    throw error;
  }
}

export interface ExternalIdentity {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  /** Only a verified email may link to an existing account. */
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
}

export type LinkResult = { user: UserDTO; outcome: 'returning' | 'linked' | 'created' };

/**
 * Sign in with an external identity (Google): the account it was linked to before, else the
 * user with the same verified email (now linked), else a new user. An unverified email never
 * takes over an existing account.
 */
export async function signInWithIdentity(
  prisma: PrismaClient,
  identity: ExternalIdentity,
): Promise<LinkResult> {
  try {
    return await linkIdentity(prisma, identity);
  } catch (error) {
    // Two first sign-ins of one identity raced (two tabs, a double click): the loser finds
    // what the winner stored and signs in as that user.
    if (isUniqueViolation(error)) return linkIdentity(prisma, identity);
    throw error;
  }
}

async function linkIdentity(prisma: PrismaClient, identity: ExternalIdentity): Promise<LinkResult> {
  const known = await prisma.account.findUnique({
    where: {
      provider_providerAccountId: {
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
      },
    },
    include: { user: true },
  });
  if (known) return { user: toUserDTO(known.user), outcome: 'returning' };

  const email = identity.email?.trim().toLowerCase();
  if (!email || !identity.emailVerified) {
    throw conflict('This account has no verified email address to sign in with', 'email');
  }
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) {
    await prisma.account.create({
      data: {
        userId: existing.id,
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
        email,
      },
    });
    return { user: toUserDTO(existing), outcome: 'linked' };
  }
  const created = await prisma.user.create({
    data: {
      email,
      name: identity.name ?? null,
      image: identity.image ?? null,
      accounts: {
        create: {
          provider: identity.provider,
          providerAccountId: identity.providerAccountId,
          email,
        },
      },
    },
  });
  return { user: toUserDTO(created), outcome: 'created' };
}
