import { describe, expect, it } from 'vitest';
import { registerInput } from './auth';
import { isStorableText, UNSTORABLE_MESSAGE, zString, zText } from './common';
import { messageCreateInput } from './messages';
import { sessionCreateInput, sessionListInput } from './sessions';

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a high surrogate at the end', 'ab\uD83D'],
    ['two surrogates in the wrong order', '\uDE00\uD83D'],
  ])('is refused when it holds %s', (_, value) => {
    expect(isStorableText(value)).toBe(false);
    expect(
      zString()
        .safeParse(value)
        .error?.issues.map((issue) => issue.message),
    ).toEqual([UNSTORABLE_MESSAGE]);
    expect(zText(100).safeParse(`  ${value}  `).success).toBe(false);
  });

  it('accepts surrogate pairs (emoji) and other Unicode', () => {
    expect(isStorableText('💥 Ünïcode 中文 \u202E')).toBe(true);
    expect(zText(100).parse(' 💥 ')).toBe('💥');
  });

  it('is refused in every schema built on zString, naming the field', () => {
    const fieldOf = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
      result.error?.issues[0]?.path.join('.');
    expect(fieldOf(sessionCreateInput.safeParse({ systemPrompt: 'x\u0000' }))).toBe('systemPrompt');
    expect(fieldOf(sessionListInput.safeParse({ search: 'x\u0000', limit: 5 }))).toBe('search');
    expect(
      fieldOf(messageCreateInput.safeParse({ sessionId: 'abc', role: 'user', content: '\uD800' })),
    ).toBe('content');
    expect(
      fieldOf(
        registerInput.safeParse({ email: 'a@example.com', password: 'correct horse\u0000battery' }),
      ),
    ).toBe('password');
  });
});
