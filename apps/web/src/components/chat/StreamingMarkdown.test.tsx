import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { assistantMarkdown, streamedReplyChunks } from '../../../e2e/longChatSeed';
import { Markdown } from './Markdown';
import { StreamingMarkdown, rendersByBlocks } from './StreamingMarkdown';

// Blocks sit side by side where the whole rendering puts a newline between them.
const html = (element: Parameters<typeof renderToStaticMarkup>[0]) =>
  renderToStaticMarkup(element).replaceAll('>\n<', '><');

const whole = (text: string) => html(createElement(Markdown, { text }));
const byBlocks = (text: string, streaming = false) =>
  html(createElement(StreamingMarkdown, { text, streaming }));

describe('a reply rendered by blocks', () => {
  const samples = [
    streamedReplyChunks(300).join(''),
    ...Array.from({ length: 12 }, (_, index) => assistantMarkdown(index)),
    'Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n1. one\n\n2. two\n\n   more\n\n> quoted\n\nend',
    '```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |',
  ];

  it('is, once complete, what rendering the whole text gives', () => {
    for (const text of samples) {
      expect(rendersByBlocks(text)).toBe(true);
      expect(byBlocks(text)).toBe(whole(text));
    }
  });

  it('draws the block still being written plain, and the finished ones in full', () => {
    const text = 'Done: $x^2$\n\n```ts\nconst x = 1;\n```\n\nStill $y^2$ and\n\n```ts\nlet y';
    const streaming = byBlocks(text, true);
    expect(streaming.match(/class="katex"/g)).toHaveLength(2);
    expect(streaming.match(/hljs-keyword/g)).toHaveLength(1);
    expect(byBlocks(text)).toBe(whole(text));
  });

  it('is not used where blocks would render differently', () => {
    expect(rendersByBlocks('A claim.[^1]\n\n[^1]: The source.')).toBe(false);
    expect(rendersByBlocks('See [the docs].\n\n[the docs]: https://example.com')).toBe(false);
    expect(rendersByBlocks('$$\na\n\nb\n$$')).toBe(false);
  });
});
