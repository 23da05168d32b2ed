import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

const password = 'correct horse battery';

describe('hashPassword', () => {
  it('produces an argon2id hash that is not the password', async () => {
    const hash = await hashPassword(password);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(password);
  });

  it('salts each hash, so the same password hashes differently', async () => {
    expect(await hashPassword(password)).not.toBe(await hashPassword(password));
  });
});

describe('verifyPassword', () => {
  it('accepts the password the hash was made from', async () => {
    expect(await verifyPassword(await hashPassword(password), password)).toBe(true);
  });

  it('refuses any other password', async () => {
    const hash = await hashPassword(password);
    expect(await verifyPassword(hash, 'correct horse battery!')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('refuses everything when there is no hash', async () => {
    expect(await verifyPassword(null, password)).toBe(false);
    expect(await verifyPassword(undefined, 'timing-equaliser-not-a-real-password')).toBe(false);
  });

  it('refuses, rather than throws, for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', password)).toBe(false);
  });
});
