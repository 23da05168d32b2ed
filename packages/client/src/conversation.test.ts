import type { MessageDTO } from '@chatbot/api';
import { describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  applyDelta,
  emptyConversation,
  mergeSnapshot,
  replacePath,
  type Conversation,
} from './conversation';

const message = (id: string, overrides: Partial<MessageDTO> = {}): MessageDTO => ({
  id,
  sessionId: 's1',
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  model: 'echo',
  error: null,
  promptTokens: null,
  completionTokens: null,
  clientId: null,
  createdAt: new Date(Number(id.replace(/\D/g, '')) * 1000),
  updatedAt: new Date(0),
  ...overrides,
});

describe('applyDelta', () => {
  it('appends at the end, ignores what it already holds, trims overlaps and reports gaps', () => {
    expect(applyDelta('Hello', ' world', 5)).toBe('Hello world');
    expect(applyDelta('Hello world', ' world', 5)).toBe('Hello world');
    expect(applyDelta('Hello wo', ' world', 5)).toBe('Hello world');
    expect(applyDelta('Hel', ' world', 5)).toBeUndefined();
    expect(applyDelta('', '', 0)).toBe('');
  });
});

describe('applyChatEvent', () => {
  const start = (): Conversation =>
    applyChatEvent(emptyConversation(), { type: 'message:new', message: message('m1') })
      .conversation;

  it('builds a reply from new, stream and update events, idempotently', () => {
    let conversation = start();
    for (const [delta, offset] of [
      ['Hel', 0],
      ['lo', 3],
      ['lo', 3], // a duplicate after a reconnect
      [' there', 5],
    ] as const) {
      const applied = applyChatEvent(conversation, {
        type: 'message:stream',
        messageId: 'm1',
        delta,
        offset,
      });
      expect(applied.needsRefetch).toBe(false);
      conversation = applied.conversation;
    }
    expect(conversation.messages[0]?.content).toBe('Hello there');
    // A replayed placeholder does not wipe the text.
    conversation = applyChatEvent(conversation, {
      type: 'message:new',
      message: message('m1'),
    }).conversation;
    expect(conversation.messages[0]?.content).toBe('Hello there');
    const final = message('m1', {
      content: 'Hello there!',
      status: 'complete',
      completionTokens: 3,
    });
    conversation = applyChatEvent(conversation, {
      type: 'message:update',
      message: final,
    }).conversation;
    expect(conversation.messages).toEqual([final]);
    expect(
      applyChatEvent(conversation, { type: 'message:done', messageId: 'm1' }).needsRefetch,
    ).toBe(false);
  });

  it('asks for a refetch on a gap, an unknown message or a resync', () => {
    const conversation = start();
    expect(
      applyChatEvent(conversation, {
        type: 'message:stream',
        messageId: 'm1',
        delta: 'x',
        offset: 4,
      }).needsRefetch,
    ).toBe(true);
    expect(
      applyChatEvent(conversation, {
        type: 'message:stream',
        messageId: 'm9',
        delta: 'x',
        offset: 0,
      }).needsRefetch,
    ).toBe(true);
    expect(
      applyChatEvent(conversation, { type: 'session:resync', reason: 'gap' }).needsRefetch,
    ).toBe(true);
  });

  it('removes deleted messages and marks a deleted session', () => {
    let conversation = applyChatEvent(start(), {
      type: 'message:new',
      message: message('m2'),
    }).conversation;
    conversation = applyChatEvent(conversation, {
      type: 'message:delete',
      messageIds: ['m1'],
    }).conversation;
    expect(conversation.messages.map((item) => item.id)).toEqual(['m2']);
    expect(
      applyChatEvent(conversation, { type: 'session:delete', sessionId: 's1' }).conversation
        .deleted,
    ).toBe(true);
  });
});

describe('mergeSnapshot', () => {
  it('keeps the longer live text of a streaming reply over its older checkpoint', () => {
    const held: Conversation = {
      ...emptyConversation(),
      messages: [message('m1', { content: 'Hello there' })],
    };
    const merged = mergeSnapshot(held, [message('m1', { content: 'Hello' })]);
    expect(merged.messages[0]?.content).toBe('Hello there');
    const finished = mergeSnapshot(held, [message('m1', { content: 'Hi', status: 'complete' })]);
    expect(finished.messages[0]?.content).toBe('Hi');
  });

  it('never takes a reply that has ended back to streaming: the snapshot was read before its end', () => {
    const held: Conversation = {
      ...emptyConversation(),
      messages: [message('m1', { content: 'Done.', status: 'complete' })],
    };
    const stale = { ...message('m1', { content: 'Do' }), siblingIds: ['m0', 'm1'] };
    expect(mergeSnapshot(held, [stale]).messages[0]).toMatchObject({
      content: 'Done.',
      status: 'complete',
      siblingIds: ['m0', 'm1'],
    });
    expect(replacePath(held, [stale]).messages[0]).toMatchObject({ status: 'complete' });
  });

  it('keeps older pages and newer live messages, and drops what the snapshot no longer has', () => {
    const held: Conversation = {
      ...emptyConversation(),
      messages: [message('m1'), message('m4'), message('m5'), message('m7')],
    };
    const merged = mergeSnapshot(held, [message('m3'), message('m5', { status: 'complete' })]);
    expect(merged.messages.map((item) => item.id)).toEqual(['m1', 'm3', 'm5', 'm7']);
  });
});

describe('the active path', () => {
  const complete = { status: 'complete' as const };
  const path = (): Conversation => ({
    deleted: false,
    messages: [
      { ...message('u1', { role: 'user', ...complete }), siblingIds: ['u1'] },
      { ...message('a2', { parentId: 'u1', ...complete }), siblingIds: ['a2'] },
      { ...message('u3', { role: 'user', parentId: 'a2', ...complete }), siblingIds: ['u3'] },
      { ...message('a4', { parentId: 'u3', ...complete }), siblingIds: ['a4'] },
    ],
  });

  it('asks to replace the path on a branch change', () => {
    const applied = applyChatEvent(path(), { type: 'session:branch', leafId: 'a4' });
    expect(applied).toMatchObject({ needsRefetch: true, replacePath: true });
  });

  it('a new version replaces the held one and everything after it at once', () => {
    const { conversation } = applyChatEvent(path(), {
      type: 'message:new',
      message: message('a5', { parentId: 'u1' }),
    });
    expect(conversation.messages.map((m) => m.id)).toEqual(['u1', 'a5']);
  });

  it('an update keeps the versions a fetch brought (the switcher stays)', () => {
    const { conversation } = applyChatEvent(path(), {
      type: 'message:update',
      message: message('a4', { parentId: 'u3', content: 'final', ...complete }),
    });
    expect(conversation.messages.at(-1)).toMatchObject({ content: 'final', siblingIds: ['a4'] });
  });

  it("replacePath holds exactly the fetched branch, keeping a streaming reply's longer text", () => {
    const held: Conversation = {
      deleted: false,
      messages: [...path().messages, message('a9', { parentId: 'a4', content: 'live text' })],
    };
    const fetched = [
      { ...message('u1', { role: 'user', ...complete }), siblingIds: ['u1'] },
      { ...message('a5', { parentId: 'u1', ...complete }), siblingIds: ['a2', 'a5'] },
    ];
    expect(replacePath(held, fetched).messages.map((m) => m.id)).toEqual(['u1', 'a5']);
    const streaming = [
      ...path().messages,
      { ...message('a9', { parentId: 'a4', content: 'live' }), siblingIds: ['a9'] },
    ];
    expect(replacePath(held, streaming).messages.at(-1)?.content).toBe('live text');
  });
});
