import { describe, expect, it } from 'vitest';
import { LIMITS } from './common';
import { loginInput, registerInput, zEmail, zPassword } from './auth';

const emailOfLength = (length: number) =>
  `${'a'.repeat(length - '@example.com'.length)}@example.com`;

describe('zEmail', () => {
  it('trims and lower-cases, so one address is one account', () => {
    expect(zEmail.parse('  Alice.Smith@Example.COM \n')).toBe('alice.smith@example.com');
  });

  it.each(['', 'alice', 'alice@', '@example.com', 'alice@example', 'a b@example.com'])(
    'refuses %j as not an email address',
    (value) => {
      expect(zEmail.safeParse(value).error?.issues[0]?.message).toBe('must be an email address');
    },
  );

  it('accepts up to 254 characters and refuses more', () => {
    expect(zEmail.parse(emailOfLength(254))).toHaveLength(254);
    expect(zEmail.safeParse(emailOfLength(255)).error?.issues[0]?.message).toBe(
      'must be at most 254 characters',
    );
  });

  it('measures the length after trimming', () => {
    expect(zEmail.parse(`   ${emailOfLength(254)}   `)).toHaveLength(254);
  });
});

describe('zPassword', () => {
  it(`accepts strong passwords of up to ${LIMITS.passwordMax} characters, as given`, () => {
    expect(zPassword.parse('zebra oak')).toBe('zebra oak');
    const longest = Array.from({ length: LIMITS.passwordMax }, (_, index) =>
      String.fromCharCode(33 + ((index * 7919) % 94)),
    ).join('');
    expect(zPassword.parse(longest)).toHaveLength(LIMITS.passwordMax);
    // Spaces are part of a password: nothing is trimmed.
    expect(zPassword.parse('  spaced  ')).toBe('  spaced  ');
  });

  it('refuses passwords that are too short or too long', () => {
    expect(zPassword.safeParse('a'.repeat(7)).error?.issues[0]?.message).toBe(
      'must be at least 8 characters',
    );
    expect(zPassword.safeParse('a'.repeat(257)).error?.issues[0]?.message).toBe(
      'must be at most 256 characters',
    );
  });
});

describe('registerInput and loginInput', () => {
  it('normalise the email of both the same way', () => {
    const registered = registerInput.parse({
      email: ' Bob@X.io ',
      password: 'correct horse battery',
    });
    const login = loginInput.parse({ email: 'BOB@x.IO', password: 'x' });
    expect(registered.email).toBe(login.email);
  });

  it('login accepts any non-empty password up to the maximum (it is checked, not validated)', () => {
    expect(loginInput.safeParse({ email: 'a@b.co', password: 'short' }).success).toBe(true);
    expect(loginInput.safeParse({ email: 'a@b.co', password: '' }).success).toBe(false);
    expect(loginInput.safeParse({ email: 'a@b.co', password: 'a'.repeat(257) }).success).toBe(
      false,
    );
  });
});
