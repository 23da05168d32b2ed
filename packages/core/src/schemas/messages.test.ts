import { describe, expect, it } from 'vitest';
import { messageEventsInput, messageListInput, messageSendInput } from './messages';

describe('messageSendInput', () => {
  it('trims the content and refuses a blank message', () => {
    expect(messageSendInput.parse({ sessionId: 's1', content: '  hi  ' })).toEqual({
      sessionId: 's1',
      content: 'hi',
    });
    expect(messageSendInput.safeParse({ sessionId: 's1', content: ' \n ' }).success).toBe(false);
  });

  it('takes an empty text when the message carries files, and names content when it does not', () => {
    expect(
      messageSendInput.parse({ sessionId: 's1', content: ' ', attachmentIds: ['a1'] }),
    ).toEqual({ sessionId: 's1', content: '', attachmentIds: ['a1'] });
    const refused = messageSendInput.safeParse({ sessionId: 's1', content: '', attachmentIds: [] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['content']);
  });

  it('caps the content at 100,000 characters', () => {
    const at = (length: number) =>
      messageSendInput.safeParse({ sessionId: 's1', content: 'x'.repeat(length) }).success;
    expect(at(100_000)).toBe(true);
    expect(at(100_001)).toBe(false);
  });

  it('accepts client ids of letters, digits and _ . : - up to 100 characters', () => {
    const clientId = (value: string) =>
      messageSendInput.safeParse({ sessionId: 's1', content: 'x', clientId: value }).success;
    expect(clientId('tab-1:send.42_a')).toBe(true);
    expect(clientId('x'.repeat(100))).toBe(true);
    expect(clientId('x'.repeat(101))).toBe(false);
    expect(clientId('has space')).toBe(false);
    expect(clientId('')).toBe(false);
  });
});

describe('messageListInput', () => {
  it('defaults to 50 messages and allows at most 200', () => {
    expect(messageListInput.parse({ sessionId: 's1' })).toEqual({ sessionId: 's1', limit: 50 });
    expect(messageListInput.safeParse({ sessionId: 's1', limit: 201 }).success).toBe(false);
  });
});

describe('messageEventsInput', () => {
  it('takes a missing, null or short last event id', () => {
    expect(messageEventsInput.safeParse({ sessionId: 's1' }).success).toBe(true);
    expect(messageEventsInput.safeParse({ sessionId: 's1', lastEventId: null }).success).toBe(true);
    expect(
      messageEventsInput.safeParse({ sessionId: 's1', lastEventId: 'x'.repeat(101) }).success,
    ).toBe(false);
  });
});
