import { createEchoProvider, type ChatProvider, type GenerateRequest } from '@chatbot/ai';
import { describe, expect, it } from 'vitest';
import { generateTitle, plainTextLine, titleFromText } from './autoTitle';

describe('plainTextLine', () => {
  it.each([
    ['# Trip to Lisbon', 'Trip to Lisbon'],
    ['### Trip to Lisbon ###', 'Trip to Lisbon'],
    ['> - [x] **Bold** and *italic* plan', 'Bold and italic plan'],
    ['1. Use `useMemo` in ~~React~~ Preact', 'Use useMemo in React Preact'],
    ['See [the docs](https://example.com) and ![a chart](x.png)', 'See the docs and a chart'],
    ['__Strong__ and _em_ but snake_case_name', 'Strong and em but snake_case_name'],
    ['```python', ''],
    ['C# tips and #hashtags', 'C# tips and #hashtags'],
    ['2 * 3 * 4 = 24', '2 * 3 * 4 = 24'],
  ])('%j -> %j', (line, plain) => {
    expect(plainTextLine(line)).toBe(plain);
  });
});

describe('titleFromText', () => {
  it('leaves the Markdown out of a title taken from the user message', () => {
    expect(titleFromText('# Help with **Rust** lifetimes please, quickly')).toBe(
      'Help with Rust lifetimes please, quickly',
    );
    expect(titleFromText('```ts\nconst x = 1;\n```')).toBe('const x = 1;');
  });

  it('takes the first six words', () => {
    expect(titleFromText('How do I bake bread at home without yeast?')).toBe(
      'How do I bake bread at',
    );
  });

  it('collapses whitespace and line breaks', () => {
    expect(titleFromText('  Fix\n\nthis   bug\tplease ')).toBe('Fix this bug please');
  });

  it('caps the title at 80 characters with an ellipsis', () => {
    const title = titleFromText(`${'a'.repeat(50)} ${'b'.repeat(50)}`);
    expect(title).toHaveLength(80);
    expect(title.endsWith('…')).toBe(true);
    expect(title.startsWith(`${'a'.repeat(50)} b`)).toBe(true);
  });

  it('falls back to "New chat" for blank text', () => {
    expect(titleFromText(' \n\t ')).toBe('New chat');
  });

  it('honours a smaller word count', () => {
    expect(titleFromText('one two three four', 2)).toBe('one two');
  });
});

/** A provider whose `complete` answers `text`, or throws when `text` is an Error. */
function completing(text: string | Error) {
  const requests: GenerateRequest[] = [];
  const provider: ChatProvider = {
    name: 'stub',
    models: ['stub'],
    // eslint-disable-next-line require-yield
    async *stream() {
      throw new Error('not used');
    },
    async complete(request) {
      requests.push(request);
      if (text instanceof Error) throw text;
      return { text };
    },
  };
  return { resolved: { provider, model: 'stub' }, requests };
}

describe('generateTitle', () => {
  it('uses the first words of the user message with the echo model, without asking it', async () => {
    const echo = { provider: createEchoProvider({ wordDelayMs: 0 }), model: 'echo' };
    expect(await generateTitle(echo, 'Plan a trip to Lisbon in May please', 'reply')).toBe(
      'Plan a trip to Lisbon in',
    );
  });

  it("asks the model and cleans its answer: first line, no 'Title:', quotes or final period", async () => {
    const { resolved, requests } = completing('Title: "Trip to Lisbon."\nextra line');
    expect(await generateTitle(resolved, 'Plan a trip', 'Sure')).toBe('Trip to Lisbon');
    expect(requests[0]?.messages.map((turn) => turn.role)).toEqual(['system', 'user', 'assistant']);
  });

  it.each([
    ['# Trip to Lisbon', 'Trip to Lisbon'],
    ['## **Title:** _Trip_ to `Lisbon`', 'Trip to Lisbon'],
    ['**Trip to Lisbon**', 'Trip to Lisbon'],
    ['\n\n> Trip to [Lisbon](https://example.com)\n', 'Trip to Lisbon'],
  ])('strips Markdown from the model answer %j', async (answer, title) => {
    const { resolved } = completing(answer);
    expect(await generateTitle(resolved, 'Plan a trip', 'Sure')).toBe(title);
  });

  it('sends at most 2,000 characters of each side of the exchange', async () => {
    const { resolved, requests } = completing('Long');
    await generateTitle(resolved, 'u'.repeat(5_000), 'a'.repeat(5_000));
    expect(requests[0]?.messages[1]?.content).toHaveLength(2_000);
    expect(requests[0]?.messages[2]?.content).toHaveLength(2_000);
  });

  it('falls back to the first words when the model fails', async () => {
    const { resolved } = completing(new Error('provider down'));
    expect(await generateTitle(resolved, 'Why is the sky blue', 'Because')).toBe(
      'Why is the sky blue',
    );
  });

  it('falls back to the first words when the answer cleans to nothing', async () => {
    const { resolved } = completing('  "" ');
    expect(await generateTitle(resolved, 'Why is the sky blue', 'Because')).toBe(
      'Why is the sky blue',
    );
  });

  it('caps a long model answer at 80 characters', async () => {
    const { resolved } = completing('w'.repeat(200));
    expect(await generateTitle(resolved, 'x', 'y')).toHaveLength(80);
  });
});
