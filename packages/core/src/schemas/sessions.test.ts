import { describe, expect, it } from 'vitest';
import { sessionCreateInput, sessionListInput, sessionUpdateInput } from './sessions';

describe('sessionListInput', () => {
  it('defaults to the first page of 50 when no input is given', () => {
    expect(sessionListInput.parse(undefined)).toEqual({ limit: 50 });
  });

  it('defaults the limit when only filters are given', () => {
    expect(sessionListInput.parse({ favorite: true })).toEqual({ favorite: true, limit: 50 });
  });

  it('trims the search and caps the limit at 100', () => {
    expect(sessionListInput.parse({ search: '  hello  ', limit: 100 })).toEqual({
      search: 'hello',
      limit: 100,
    });
    expect(sessionListInput.safeParse({ limit: 101 }).success).toBe(false);
    expect(sessionListInput.safeParse({ search: 'x'.repeat(201) }).success).toBe(false);
  });

  it('refuses a cursor or group that cannot be an id', () => {
    expect(sessionListInput.safeParse({ cursor: 'not an id' }).success).toBe(false);
    expect(sessionListInput.safeParse({ groupId: '' }).success).toBe(false);
  });
});

describe('sessionCreateInput', () => {
  it('accepts no input at all', () => {
    expect(sessionCreateInput.parse(undefined)).toEqual({});
  });

  it('trims the title and refuses a blank one', () => {
    expect(sessionCreateInput.parse({ title: '  Plans  ' })).toEqual({ title: 'Plans' });
    expect(sessionCreateInput.safeParse({ title: '   ' }).success).toBe(false);
  });

  it('lets the system prompt be cleared with null but not exceed 20,000 characters', () => {
    expect(sessionCreateInput.parse({ systemPrompt: null })).toEqual({ systemPrompt: null });
    expect(sessionCreateInput.safeParse({ systemPrompt: 'x'.repeat(20_001) }).success).toBe(false);
  });
});

describe('sessionUpdateInput', () => {
  it('requires the id and leaves absent fields absent (unchanged)', () => {
    expect(sessionUpdateInput.parse({ id: 'abc' })).toEqual({ id: 'abc' });
    expect(sessionUpdateInput.safeParse({ title: 'x' }).success).toBe(false);
  });
});
