import { createUser } from '@chatbot/core/accounts';
import { linkAsLinearPath } from '@chatbot/db/testing';
import { describe, expect, it } from 'vitest';
import { newPage, shown } from './browser';
import { olderPages } from './olderPages';
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
    await linkAsLinearPath(prisma, session.id);
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

    const history = olderPages(page);
    await page.goto(`/c/${sessionId}`);
    await shown(page.getByText(`Message number ${TOTAL - 1}`));
    expect(history.loads()).toBe(1); // one page, not the whole history
    // …and only the messages near the viewport are in the DOM.
    expect(await page.locator('article').count()).toBeLessThan(50);

    for (let pages = 2; pages <= 3; pages += 1) {
      await history.scrollUpUntil(() => history.loads() >= pages);
      expect(history.loads()).toBe(pages);
    }
    // The reader keeps their place: the oldest message of the second page, at the top when the
    // third page came in, is still on screen.
    await shown(page.getByText(`Message number ${TOTAL - 100}`, { exact: true }));
    await history.list.evaluate((element) => (element.scrollTop = 0));
    await shown(page.getByText(`Message number ${TOTAL - 150}`, { exact: true }));
    await context.close();
  });
});
