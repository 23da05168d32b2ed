import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  signInWithIdentity,
  verifyCredentials,
  type ExternalIdentity,
} from './identity';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const password = 'correct horse battery';
const uniqueEmail = (name = 'user') => `${name}-${randomUUID()}@example.com`;
const prisma = () => core.app.database.prisma;

const google = (overrides: Partial<ExternalIdentity> = {}): ExternalIdentity => ({
  provider: 'google',
  providerAccountId: randomUUID(),
  email: uniqueEmail('google'),
  emailVerified: true,
  name: 'Grace',
  image: 'https://example.com/grace.png',
  ...overrides,
});

const accountsOf = (userId: string) => prisma().account.count({ where: { userId } });

describe('createUser', () => {
  it('creates a user that signs in with its password', async () => {
    const email = uniqueEmail();
    const user = await createUser(prisma(), { email, password, name: 'Ada' });
    expect(user).toMatchObject({ email, name: 'Ada', image: null });
    expect(user).not.toHaveProperty('passwordHash');
    expect(await verifyCredentials(prisma(), email, password)).toEqual(user);
  });

  it('refuses a taken email as CONFLICT on the email field', async () => {
    const email = uniqueEmail();
    await createUser(prisma(), { email, password });
    expect(await failureOf(createUser(prisma(), { email, password }))).toEqual({
      kind: 'CONFLICT',
      field: 'email',
    });
  });
});

describe('verifyCredentials', () => {
  it('returns the user for the right password, in any case of email', async () => {
    const { id, email } = await core.createTestUser();
    expect(await verifyCredentials(prisma(), email.toUpperCase(), password)).toMatchObject({ id });
  });

  it('returns null for a wrong password and for an unknown email', async () => {
    const { email } = await core.createTestUser();
    expect(await verifyCredentials(prisma(), email, 'wrong password!')).toBeNull();
    expect(await verifyCredentials(prisma(), uniqueEmail('nobody'), password)).toBeNull();
  });
});

describe('signInWithIdentity', () => {
  it('creates a user, without a password, for an identity and email it has not seen', async () => {
    const identity = google();
    const { user, outcome } = await signInWithIdentity(prisma(), identity);
    expect(outcome).toBe('created');
    expect(user).toMatchObject({
      email: identity.email,
      name: 'Grace',
      image: 'https://example.com/grace.png',
    });
    const stored = await prisma().user.findUniqueOrThrow({
      where: { id: user.id },
      include: { accounts: true },
    });
    expect(stored.passwordHash).toBeNull();
    expect(stored.accounts).toMatchObject([
      { provider: 'google', providerAccountId: identity.providerAccountId },
    ]);
  });

  it('signs in two simultaneous first sign-ins of one identity as the same user', async () => {
    const identity = google();
    const results = await Promise.all([
      signInWithIdentity(prisma(), identity),
      signInWithIdentity(prisma(), identity),
    ]);
    expect(results[0].user.id).toBe(results[1].user.id);
    expect(results.map((result) => result.outcome).sort()).toEqual(['created', 'returning']);
    expect(await prisma().user.count({ where: { email: identity.email! } })).toBe(1);
  });

  it('stores the email trimmed and in lower case', async () => {
    const email = uniqueEmail('mixed');
    const { user } = await signInWithIdentity(
      prisma(),
      google({ email: `  ${email.toUpperCase()} ` }),
    );
    expect(user.email).toBe(email);
  });

  it('returns the same user for an identity it has seen, whatever its email now says', async () => {
    const identity = google();
    const first = await signInWithIdentity(prisma(), identity);
    const again = await signInWithIdentity(prisma(), {
      ...identity,
      email: uniqueEmail('changed'),
      emailVerified: false,
    });
    expect(again).toEqual({ user: first.user, outcome: 'returning' });
    expect(await accountsOf(first.user.id)).toBe(1);
  });

  it('links a new identity to the user with the same verified email', async () => {
    const existing = await core.createTestUser();
    const identity = google({ email: existing.email.toUpperCase() });
    const { user, outcome } = await signInWithIdentity(prisma(), identity);
    expect(outcome).toBe('linked');
    expect(user.id).toBe(existing.id);
    expect(await accountsOf(existing.id)).toBe(1);
    expect(await signInWithIdentity(prisma(), identity)).toMatchObject({ outcome: 'returning' });
    // Linking keeps the password working.
    expect(await verifyCredentials(prisma(), existing.email, existing.password)).toMatchObject({
      id: existing.id,
    });
  });

  it('refuses an unverified email that belongs to an existing user, linking nothing', async () => {
    const existing = await core.createTestUser();
    expect(
      await failureOf(
        signInWithIdentity(prisma(), google({ email: existing.email, emailVerified: false })),
      ),
    ).toEqual({ kind: 'CONFLICT', field: 'email' });
    expect(await accountsOf(existing.id)).toBe(0);
  });

  it('refuses an unverified or missing email for a new identity, creating nothing', async () => {
    const unverified = google({ emailVerified: false });
    expect(await failureOf(signInWithIdentity(prisma(), unverified))).toEqual({
      kind: 'CONFLICT',
      field: 'email',
    });
    expect(await prisma().user.count({ where: { email: unverified.email! } })).toBe(0);
    const missing = google({ email: null });
    expect(await failureOf(signInWithIdentity(prisma(), missing))).toEqual({
      kind: 'CONFLICT',
      field: 'email',
    });
    expect(
      await prisma().account.count({ where: { providerAccountId: missing.providerAccountId } }),
    ).toBe(0);
  });
});
