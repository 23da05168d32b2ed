import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zId, zLimit, zPage, zText } from './common';

const issue = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues[0]?.message;

describe('zId', () => {
  it('accepts cuid-like ids of letters, digits, _ and -', () => {
    expect(zId.parse('cm3x9_a-B0')).toBe('cm3x9_a-B0');
    expect(zId.parse('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it('refuses the empty string as required', () => {
    expect(issue(zId, '')).toBe('is required');
  });

  it('refuses ids longer than 64 characters', () => {
    expect(issue(zId, 'a'.repeat(65))).toBe('is not a valid id');
  });

  it.each(['has space', 'semi;colon', "quote'", 'dot.ted', 'slash/ed', 'ünï'])(
    'refuses %j, which no row id can be',
    (value) => {
      expect(issue(zId, value)).toBe('is not a valid id');
    },
  );
});

describe('zText', () => {
  const text = zText(5);

  it('trims surrounding whitespace', () => {
    expect(text.parse('  hi \n')).toBe('hi');
  });

  it('refuses empty and whitespace-only text', () => {
    expect(issue(text, '')).toBe('must not be empty');
    expect(issue(text, ' \t\n ')).toBe('must not be empty');
  });

  it('counts the limit after trimming', () => {
    expect(text.parse('   12345   ')).toBe('12345');
    expect(issue(text, '123456')).toBe('must be at most 5 characters');
  });
});

describe('zLimit', () => {
  const limit = zLimit(50, 100);

  it('defaults when absent and accepts 1..max', () => {
    expect(limit.parse(undefined)).toBe(50);
    expect(limit.parse(1)).toBe(1);
    expect(limit.parse(100)).toBe(100);
  });

  it('refuses zero, fractions and values over the max', () => {
    expect(limit.safeParse(0).success).toBe(false);
    expect(limit.safeParse(2.5).success).toBe(false);
    expect(issue(limit, 101)).toBe('must be at most 100');
  });
});

describe('zPage', () => {
  it('is a list of items with a nullable next cursor', () => {
    const page = zPage(z.object({ id: z.string() }));
    expect(page.parse({ items: [{ id: 'a' }], nextCursor: null })).toEqual({
      items: [{ id: 'a' }],
      nextCursor: null,
    });
    expect(page.safeParse({ items: [] }).success).toBe(false);
  });
});
