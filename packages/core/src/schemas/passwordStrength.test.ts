import { describe, expect, it } from 'vitest';
import { registerInput, zPassword } from './auth';
import { WEAK_PASSWORD_MESSAGE } from './passwordStrength';

const messagesOf = (password: string) =>
  zPassword.safeParse(password).error?.issues.map((issue) => issue.message) ?? [];

describe('zPassword strength', () => {
  it.each(['aaaaaaaa', '12345678', 'password', '        ', 'password1', 'qwertyuiop', 'abcdefgh'])(
    'refuses %j as too easy to guess',
    (password) => {
      expect(messagesOf(password)).toEqual([WEAK_PASSWORD_MESSAGE]);
    },
  );

  it.each(['correct horse battery', 'wrong password!', 'Tr0ub4dor&3', 'zebra oak'])(
    'accepts %j',
    (password) => {
      expect(messagesOf(password)).toEqual([]);
    },
  );

  it('names the field and says what to do on register', () => {
    const result = registerInput.safeParse({ email: 'a@example.com', password: 'password' });
    expect(result.error?.issues).toMatchObject([
      { path: ['password'], message: 'is too easy to guess: add another word or two' },
    ]);
  });

  it('still reports a short password as short', () => {
    expect(messagesOf('abc')[0]).toBe('must be at least 8 characters');
  });
});
