import path from 'node:path';
import { createUser } from '@chatbot/core/accounts';
import { linkAsLinearPath } from '@chatbot/db/testing';
import type { BrowserContext, BrowserContextOptions } from 'playwright';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { artifactsDir, newPage, screenshot, shown } from './browser';
import { webSuite } from './suite';

const email = 'reader@example.com';
const password = 'a long enough password';
const CODE = 'const answer: number = 42;';
const REPLY = String.raw`# Reader heading one

## Section two

### Part three

Inline \(a^2 + b^2 = c^2\) and dollars $e^{i\pi} + 1 = 0$ in one line.

Prices stay prose: $5 and $10 today.

\[
\int_0^1 x^2 \, dx = \frac{1}{3}
\]

$$
\sum_{n=1}^{\infty} \frac{1}{n^2} = \frac{\pi^2}{6}
$$

> A quoted line of wisdom.

| Name  | Value |
| ----- | ----- |
| alpha | 1     |
| beta  | 2     |

${'```'}ts
${CODE}
${'```'}

${'```'}
SELECT looks_like_sql FROM untagged;
${'```'}

- [x] Done task
- [ ] Open task

A code span ${'`'}\(not math\)${'`'} stays as written.

[Click me](javascript:alert(document.cookie))`;

let sessionId = '';
const suite = webSuite({
  async seed({ prisma }) {
    const user = await createUser(prisma, { email, password });
    const session = await prisma.session.create({
      data: { userId: user.id, title: 'Reader', model: 'echo' },
    });
    sessionId = session.id;
    const base = Date.now() - 10_000;
    await prisma.message.createMany({
      data: [
        { role: 'user' as const, content: 'Show me everything', createdAt: new Date(base) },
        { role: 'assistant' as const, content: REPLY, createdAt: new Date(base + 1_000) },
      ].map((message) => ({ ...message, sessionId: session.id })),
    });
    await linkAsLinearPath(prisma, session.id);
  },
});

async function openReader(
  options: BrowserContextOptions = {},
  prepare?: (context: BrowserContext) => Promise<void>,
) {
  const { page, context } = await newPage(suite.browser, suite.web.url, options);
  await prepare?.(context);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New chat' }).waitFor();
  await page.goto(`/c/${sessionId}`);
  const reply = page.locator('article[data-role="assistant"]');
  await shown(reply.locator('.katex'));
  return { page, context, reply };
}

describe.runIf(suite.enabled)('the reader: Markdown, math, code and copy', () => {
  it('renders math in all four delimiters, headings, quotes, tables and labelled code', async () => {
    const cspViolations: string[] = [];
    const fonts: { url: string; status: number }[] = [];
    const { page, context, reply } = await openReader({ colorScheme: 'light' }, async (context) => {
      context.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      context.on('response', (response) => {
        if (/\.(woff2?|ttf)(\?|$)/.test(response.url()))
          fonts.push({ url: response.url(), status: response.status() });
      });
    });

    // KaTeX's stylesheet and fonts come from this origin, under the CSP.
    const katexFonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts]
        .filter((face) => face.family.includes('KaTeX') && face.status === 'loaded')
        .map((face) => face.family);
    });
    expect(katexFonts).toContain('KaTeX_Main');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.url.startsWith(`${suite.web.url}/`), font.url).toBe(true);
      expect(font.status, font.url).toBe(200);
    }
    expect(cspViolations).toEqual([]);

    // KaTeX: two inline formulas, two display formulas, and no delimiter left in the text.
    expect(await reply.locator('.katex-display').count()).toBe(2);
    expect(await reply.locator('.katex').count()).toBe(4);
    const strayText = await reply.getByTestId('reply-text').evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.katex, code').forEach((node) => node.remove());
      copy.querySelectorAll('p').forEach((node) => {
        if (node.textContent?.startsWith('Prices')) node.remove();
      });
      return copy.textContent ?? '';
    });
    await shown(reply.getByText('Prices stay prose: $5 and $10 today.', { exact: true }));
    expect(strayText).not.toMatch(/\$|\\\(|\\\[|\\frac/);
    // Inside a code span the delimiters are left alone.
    expect(await reply.locator('code', { hasText: String.raw`\(not math\)` }).count()).toBe(1);

    // A visible heading scale.
    const size = (selector: string) =>
      reply
        .locator(selector)
        .first()
        .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    const [h1, h2, h3, p] = await Promise.all(['h1', 'h2', 'h3', 'p'].map(size));
    expect(h1).toBeGreaterThan(h2!);
    expect(h2).toBeGreaterThan(h3!);
    expect(h3).toBeGreaterThan(p!);

    // Styled blockquote and table.
    const quoteBorder = await reply
      .locator('blockquote')
      .evaluate((element) => parseFloat(getComputedStyle(element).borderLeftWidth));
    expect(quoteBorder).toBeGreaterThan(0);
    expect(await reply.locator('.md-table table th').allInnerTexts()).toEqual(['Name', 'Value']);

    // Code blocks: the tag as a label, highlighted; the untagged block is not guessed at.
    const blocks = reply.locator('.md-code');
    expect(await blocks.count()).toBe(2);
    expect(await blocks.nth(0).locator('.md-code-language').innerText()).toBe('ts');
    expect(await blocks.nth(0).locator('code').getAttribute('class')).toMatch(
      /\bhljs\b.*\blanguage-ts\b|\blanguage-ts\b.*\bhljs\b/,
    );
    expect(await blocks.nth(1).locator('.md-code-language').innerText()).toBe('text');
    const untagged = (await blocks.nth(1).locator('code').getAttribute('class')) ?? '';
    expect(untagged).not.toMatch(/hljs|language-/);
    expect(await blocks.nth(1).locator('[class^="hljs-"]').count()).toBe(0);
    // One frame: the code inside has no background or padding of its own.
    const inner = await blocks
      .nth(0)
      .locator('code')
      .evaluate((element) => {
        const style = getComputedStyle(element);
        return { background: style.backgroundColor, padding: style.paddingTop };
      });
    expect(inner).toEqual({ background: 'rgba(0, 0, 0, 0)', padding: '0px' });

    // The neutralised `javascript:` link is plain text: no anchor, not styled as a link.
    expect(await reply.locator('a', { hasText: 'Click me' }).count()).toBe(0);
    const removed = reply.getByText('Click me', { exact: true });
    const look = await removed.evaluate((element) => ({
      tag: element.tagName,
      underline: getComputedStyle(element).textDecorationLine,
      cursor: getComputedStyle(element).cursor,
      insideLink: element.closest('a') !== null,
    }));
    expect(look).toEqual({ tag: 'SPAN', underline: 'none', cursor: 'text', insideLink: false });
    const pagesBefore = context.pages().length;
    await removed.click();
    await page.waitForTimeout(300);
    expect(context.pages().length).toBe(pagesBefore);

    // Task-list boxes carry a label.
    await shown(reply.getByRole('checkbox', { name: 'Done', exact: true }));
    await shown(reply.getByRole('checkbox', { name: 'Not done', exact: true }));
    await context.close();
  });

  it('copies a message and a code block with the Clipboard API', async () => {
    const { page, context, reply } = await openReader({
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    const copyMessage = reply.getByRole('button', { name: 'Copy message' });
    await copyMessage.click();
    await shown(reply.getByRole('button', { name: 'Copied' }));
    expect(await clipboard()).toBe(REPLY);

    await reply.getByRole('button', { name: 'Copy ts code' }).click();
    await expect.poll(clipboard).toMatch(new RegExp(`^${escapeRegExp(CODE)}\\n?$`));
    await context.close();
  });

  it('copies without the Clipboard API too (plain HTTP on a LAN address)', async () => {
    const opened = await openReader({}, withoutClipboardApi);
    const { reply } = opened;
    expect(await opened.page.evaluate(() => 'clipboard' in navigator)).toBe(false);

    await reply.getByRole('button', { name: 'Copy message' }).click();
    await shown(reply.getByRole('button', { name: 'Copied' }));
    await reply.getByRole('button', { name: 'Copy ts code' }).click();
    await shown(reply.locator('.md-code').first().getByRole('button', { name: 'Copied' }));
    const copies = await opened.page.evaluate(
      () => (window as unknown as { copies: string[] }).copies,
    );
    expect(copies[0]).toBe(REPLY);
    expect(copies[1]).toMatch(new RegExp(`^${escapeRegExp(CODE)}\\n?$`));

    // And the system clipboard really holds it: paste into a field.
    const pasted = await opened.page.evaluate(() => {
      const field = document.createElement('textarea');
      field.id = 'paste-here';
      document.body.append(field);
      return field.id;
    });
    await opened.page.locator(`#${pasted}`).focus();
    await opened.page.keyboard.press('ControlOrMeta+V');
    expect(await opened.page.locator(`#${pasted}`).inputValue()).toMatch(
      new RegExp(`^${escapeRegExp(CODE)}\\n?$`),
    );
    await opened.context.close();
  });

  it('has no serious or critical accessibility violations, in light and dark themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, reply } = await openReader({
        colorScheme,
        viewport: { width: 1280, height: 1500 },
      });
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
        colorScheme === 'dark',
      );
      expect(await seriousViolations(page), colorScheme).toEqual([]);
      await screenshot(page, `reader-page-${colorScheme}`);
      await reply.screenshot({ path: path.join(artifactsDir, `reader-${colorScheme}.png`) });
      await context.close();
    }
  });
});

/**
 * What a page served over plain HTTP to a LAN address sees: no navigator.clipboard. Each copy
 * event records the selected text of the focused textarea (the fallback's) in `window.copies`.
 */
async function withoutClipboardApi(context: BrowserContext) {
  await context.addInitScript(() => {
    delete (Navigator.prototype as { clipboard?: unknown }).clipboard;
    const copies: string[] = [];
    (window as unknown as { copies: string[] }).copies = copies;
    document.addEventListener('copy', () => {
      const field = document.activeElement;
      if (field instanceof HTMLTextAreaElement)
        copies.push(field.value.slice(field.selectionStart, field.selectionEnd));
    });
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
