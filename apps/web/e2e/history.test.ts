import { createUser } from '@chatbot/core/accounts';
import { describe, expect, it } from 'vitest';
import { newPage, shown } from './browser';
import { webSuite } from './suite';

const email = 'history@example.com';
const password = 'a long enough password';
const TOTAL = 5_000;
let sessionId = '';
const suite = webSuite({
  async seed({ prisma }) {
    const user = await createUser(prisma, { email, password });
    const session = await prisma.session.create({
      data: { userId: user.id, title: 'A very long chat', model: 'echo' },
    });
    sessionId = session.id;
    const base = Date.now() - TOTAL * 1000;
    await prisma.message.createMany({
      data: Array.from({ length: TOTAL }, (_, index) => ({
        sessionId: session.id,
        role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: `Message number ${index}`,
        createdAt: new Date(base + index * 1000),
      })),
    });
  },
});

describe.runIf(suite.enabled)('a 5,000-message chat', () => {
  it('opens on its newest page and loads older pages as the reader scrolls up', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'New chat' }).waitFor();

    await page.goto(`/c/${sessionId}`);
    await shown(page.getByText(`Message number ${TOTAL - 1}`));
    const articles = page.locator('article');
    expect(await articles.count()).toBe(50); // one page, not the whole history
    expect(await articles.first().innerText()).toContain(`Message number ${TOTAL - 50}`);

    const list = page.getByTestId('message-list');
    for (let pages = 2; pages <= 3; pages += 1) {
      await list.evaluate((element) => (element.scrollTop = 0));
      await expect.poll(() => articles.count()).toBe(50 * pages);
    }
    expect(await articles.first().innerText()).toContain(`Message number ${TOTAL - 150}`);
    // The reader keeps their place: the message they were reading is still on screen.
    await shown(page.getByText(`Message number ${TOTAL - 101}`, { exact: true }));
    await context.close();
  });
});
