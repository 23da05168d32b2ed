import { describe, expect, it } from 'vitest';
import { TINY_PNG } from '../testing/fakeImages';
import { documentBlock, prepareTurns, turnImages, turnText } from './attachmentPrompt';
import type { ModelAttachment } from './attachments';
import type { ChatTurn } from './provider';

const doc = (name: string, text: string): ModelAttachment => ({
  kind: 'document',
  name,
  mediaType: 'text/plain',
  text,
});
const image: ModelAttachment = {
  kind: 'image',
  name: 'dot.png',
  mediaType: 'image/png',
  data: TINY_PNG,
};
const user = (content: string, attachments?: ModelAttachment[]): ChatTurn => ({
  role: 'user',
  content,
  attachments,
});

describe('documents in the prompt', () => {
  it('inlines each document, named and fenced, before what the user wrote', () => {
    const turn = user('Compare them', [doc('a.txt', 'alpha'), image, doc('b.csv', 'x,y\n1,2')]);
    expect(turnText(turn)).toBe(
      'Attached file a.txt:\n```\nalpha\n```\n\nAttached file b.csv:\n```\nx,y\n1,2\n```\n\nCompare them',
    );
    expect(turnImages(turn).map((attachment) => attachment.name)).toEqual(['dot.png']);
    expect(turnText(user('', [doc('a.txt', 'alpha')]))).toBe(
      'Attached file a.txt:\n```\nalpha\n```',
    );
  });

  it('fences a document that itself holds a code fence with a longer one', () => {
    const block = documentBlock({
      kind: 'document',
      name: 'README.md',
      mediaType: 'text/markdown',
      text: 'Run:\n```sh\npnpm test\n```',
    });
    expect(block).toBe('Attached file README.md:\n````\nRun:\n```sh\npnpm test\n```\n````');
  });

  it('leaves turns without documents, and non-user turns, as they are', () => {
    expect(turnText({ role: 'assistant', content: 'Hi', attachments: [doc('a', 'b')] })).toBe('Hi');
    expect(turnImages({ role: 'system', content: 'x', attachments: [image] })).toEqual([]);
  });
});

describe('prepareTurns', () => {
  it('keeps everything within the budget and reports nothing', () => {
    const turns = [user('one', [doc('a.txt', 'a'.repeat(40))]), user('two', [image])];
    const prepared = prepareTurns(turns, { budgetTokens: 10 });
    expect(prepared).toEqual({ turns, truncated: [], omittedImages: [] });
  });

  it('cuts the text beyond the budget (about 4 characters a token), newest turn first, and says so', () => {
    const turns = [
      user('older', [doc('old.txt', 'o'.repeat(30))]),
      { role: 'assistant' as const, content: 'ok' },
      user('newer', [doc('new.txt', 'n'.repeat(30))]),
    ];
    // 10 tokens = 40 characters: the newest file whole, the older one cut to 10.
    const { turns: prepared, truncated } = prepareTurns(turns, { budgetTokens: 10 });
    expect(truncated).toEqual([{ name: 'old.txt', keptChars: 10, totalChars: 30 }]);
    expect(turnText(prepared[2]!)).toBe(
      `Attached file new.txt:\n\`\`\`\n${'n'.repeat(30)}\n\`\`\`\n\nnewer`,
    );
    expect(turnText(prepared[0]!)).toBe(
      `Attached file old.txt:\n\`\`\`\n${'o'.repeat(10)}\n\`\`\`\n` +
        '[Truncated: only the first 10 of 30 characters of old.txt are included; the rest exceeded the attachment budget.]\n\nolder',
    );
    // The caller's turns are not changed.
    expect(turns[0]!.attachments![0]).toMatchObject({ text: 'o'.repeat(30) });
  });

  it('never splits an emoji, and states a document left out entirely', () => {
    const { turns, truncated } = prepareTurns(
      [user('q', [doc('a.txt', `abc😀def`), doc('b.txt', 'bbbb')])],
      { budgetTokens: 1 },
    );
    expect(truncated).toEqual([
      { name: 'a.txt', keptChars: 3, totalChars: 8 },
      { name: 'b.txt', keptChars: 0, totalChars: 4 },
    ]);
    expect(turnText(turns[0]!)).toContain('only the first 0 of 4 characters of b.txt');
  });

  it("leaves out older images beyond the image budget, never the newest turn's", () => {
    const big = (name: string): ModelAttachment => ({
      kind: 'image',
      name,
      mediaType: 'image/png',
      data: new Uint8Array(600),
    });
    const { turns, omittedImages } = prepareTurns(
      [
        user('first', [big('one.png')]),
        user('second', [big('two.png')]),
        user('now', [big('three.png'), big('four.png')]),
      ],
      { budgetTokens: 100, imageBudgetBytes: 1_000 },
    );
    // The newest turn's two images (1 200 bytes) stay; nothing older fits after them.
    expect(turns.map((turn) => turnImages(turn).map((image) => image.name))).toEqual([
      [],
      [],
      ['three.png', 'four.png'],
    ]);
    expect(omittedImages).toEqual(['one.png', 'two.png']);
    expect(turnText(turns[0]!)).toContain(
      '(An earlier image, left out to keep the request small.)',
    );
    // When the newest turn has none, the most recent earlier images fill the budget.
    const later = prepareTurns(
      [user('first', [big('one.png')]), user('second', [big('two.png')]), user('now')],
      { budgetTokens: 100, imageBudgetBytes: 1_000 },
    );
    expect(later.omittedImages).toEqual(['one.png']);
  });

  it('turns earlier images into a note for a model without vision', () => {
    const { turns } = prepareTurns([user('look', [image])], { budgetTokens: 100, vision: false });
    expect(turnImages(turns[0]!)).toEqual([]);
    expect(turnText(turns[0]!)).toBe(
      'Attached file dot.png:\n```\n(An image the current model cannot see.)\n```\n\nlook',
    );
  });
});
