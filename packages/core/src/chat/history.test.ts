import { describe, expect, it } from 'vitest';
import { buildHistory } from './history';

// estimateTokens counts about four characters a token: 'x'.repeat(4 * n) costs n tokens.
const tokens = (count: number, letter = 'x') => letter.repeat(4 * count);
const user = (content: string) => ({ role: 'user' as const, content, status: 'complete' });
const assistant = (content: string, status = 'complete') => ({
  role: 'assistant' as const,
  content,
  status,
});

describe('buildHistory', () => {
  it('puts the system prompt first, then the turns in chronological order', () => {
    const history = buildHistory('Be brief.', [user('hi'), assistant('hello'), user('bye')], 1000);
    expect(history).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'bye' },
    ]);
  });

  it('has no system turn when the session has no system prompt', () => {
    expect(buildHistory(null, [user('hi')], 1000)).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('keeps the newest turns that fit the budget and drops older ones', () => {
    const turns = [user(tokens(10, 'a')), assistant(tokens(10, 'b')), user(tokens(10, 'c'))];
    const history = buildHistory(null, turns, 25);
    expect(history.map((turn) => turn.content[0])).toEqual(['b', 'c']);
  });

  it('charges the system prompt to the budget before any turn', () => {
    const turns = [user(tokens(10, 'a')), user(tokens(10, 'b'))];
    expect(buildHistory(null, turns, 20)).toHaveLength(2);
    const history = buildHistory(tokens(5, 's'), turns, 20);
    expect(history.map((turn) => turn.content[0])).toEqual(['s', 'b']);
  });

  it('stops at the first turn that does not fit instead of skipping to older, smaller ones', () => {
    const turns = [user(tokens(1, 'a')), assistant(tokens(50, 'b')), user(tokens(10, 'c'))];
    expect(buildHistory(null, turns, 20).map((turn) => turn.content[0])).toEqual(['c']);
  });

  it('always keeps the latest turn, even when it alone is over the budget', () => {
    const history = buildHistory(tokens(100, 's'), [user(tokens(1, 'a')), user(tokens(500))], 50);
    expect(history).toEqual([
      { role: 'system', content: tokens(100, 's') },
      { role: 'user', content: tokens(500) },
    ]);
  });

  it('leaves out failed replies and empty turns, but keeps cancelled and interrupted text', () => {
    const turns = [
      user('q1'),
      assistant('partial answer', 'error'),
      assistant('   '),
      assistant('stopped early', 'cancelled'),
      assistant('cut off', 'interrupted'),
      user('q2'),
    ];
    expect(buildHistory(null, turns, 1000).map((turn) => turn.content)).toEqual([
      'q1',
      'stopped early',
      'cut off',
      'q2',
    ]);
  });

  it('keeps a user turn without text: it carries files, which are loaded after', () => {
    const turns = [{ ...user(''), id: 'm1' }, assistant('a picture of a cat')];
    expect(buildHistory(null, turns, 1000)).toEqual([
      { role: 'user', content: '', id: 'm1' },
      { role: 'assistant', content: 'a picture of a cat' },
    ]);
  });
});
