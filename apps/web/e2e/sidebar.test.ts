import { createUser } from '@chatbot/core/accounts';
import type { Browser, BrowserContextOptions, Cookie, Locator, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { gone, newPage, screenshot, shown } from './browser';
import { webSuite } from './suite';

const email = 'sidebar@example.com';
const password = 'a long enough password';
const RECENT = 300;
const LONG_TITLE = 'Planning a summer trip to Lisbon and Porto';
// The browser and this process share a time zone, so both agree where "today" starts.
const timezoneId = Intl.DateTimeFormat().resolvedOptions().timeZone;
const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric' });

/** Recent chat `index` (0 is the newest): its title and when it was last active. */
function recentChat(index: number, now: Date) {
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
  let at: Date;
  if (index < 5) {
    const midnight = new Date(y, m, d).getTime();
    at = new Date(midnight + ((now.getTime() - midnight) * (5 - index)) / 6);
  } else if (index < 10) at = new Date(y, m, d - 1, 20 - index);
  else if (index < 20) at = new Date(y, m, d - 3, 12, 0, -index);
  else if (index < 50) at = new Date(y, m, d - 20, 12, 0, -index);
  // 250 chats over ten months, 25 a month, from two months back.
  else at = new Date(y, m - 2 - Math.floor((index - 50) / 25), 15, 12, 0, -index);
  const title =
    index === 2 ? LONG_TITLE : index % 5 < 2 ? `Chat ${index} about needles` : `Chat ${index}`;
  return { title, lastMessageAt: at };
}

let seededAt = new Date();
let longChatId = '';
const suite = webSuite({
  async seed({ prisma }) {
    seededAt = new Date();
    const user = await createUser(prisma, { email, password });
    const base = { userId: user.id, model: 'echo' };
    await prisma.session.createMany({
      data: Array.from({ length: RECENT }, (_, index) => ({
        ...base,
        ...recentChat(index, seededAt),
      })),
    });
    longChatId = (await prisma.session.findFirstOrThrow({ where: { title: LONG_TITLE } })).id;
    const group = await prisma.group.create({ data: { userId: user.id, name: 'Archive' } });
    const old = (minutes: number) => new Date(seededAt.getTime() - minutes * 60_000);
    await prisma.session.createMany({
      data: Array.from({ length: 45 }, (_, index) => ({
        ...base,
        groupId: group.id,
        title: `Archived ${index}`,
        lastMessageAt: old(index),
      })),
    });
    await prisma.session.createMany({
      data: Array.from({ length: 25 }, (_, index) => ({
        ...base,
        isFavorite: true,
        title: `Starred ${index}`,
        lastMessageAt: old(index),
      })),
    });
  },
});

let cookies: Cookie[] | undefined;
async function signedIn(browser: Browser, options: BrowserContextOptions = {}) {
  const opened = await newPage(browser, suite.web.url, { timezoneId, locale: 'en-US', ...options });
  if (cookies) {
    await opened.context.addCookies(cookies);
    await opened.page.goto('/');
  } else {
    await opened.page.goto('/signin');
    await opened.page.getByLabel('Email').fill(email);
    await opened.page.getByLabel('Password').fill(password);
    await opened.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await opened.page.getByRole('heading', { name: 'New chat' }).waitFor();
  cookies ??= await opened.context.cookies();
  // Every list's first page is in: nothing moves under the pointer any more.
  // (By CSS, not role: on a phone the closed drawer is hidden from the accessibility tree.)
  for (const name of ['Starred 0', LONG_TITLE]) {
    await opened.page
      .locator('#sidebar a', { hasText: name })
      .first()
      .waitFor({ state: 'attached' });
  }
  await opened.page
    .locator('#sidebar button', { hasText: 'Archive' })
    .waitFor({ state: 'attached' });
  return opened;
}

const eventually = { timeout: 15_000 };
const chatList = (page: Page) => page.getByRole('navigation', { name: 'Chat list' });

/** Scrolls the list to its end until `target` is in it (each scroll may load one more page). */
async function scrollUntil(list: Locator, target: Locator) {
  await expect
    .poll(
      async () => {
        await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
        return target.count();
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBeGreaterThan(0);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe.runIf(suite.enabled)('a sidebar with 300 chats', () => {
  it('reaches the oldest chat by scrolling, under date headings in order', async () => {
    const { page, context } = await signedIn(suite.browser);
    const list = chatList(page);
    const recent = list.getByRole('region', { name: 'Recent' });
    await shown(recent.getByRole('link', { name: LONG_TITLE }));
    expect(await recent.getByRole('link').count()).toBe(50); // one page, not all 300

    await scrollUntil(list, recent.getByRole('link', { name: `Chat ${RECENT - 1}`, exact: true }));
    expect(await recent.getByRole('link').count()).toBe(RECENT);

    const months = Array.from({ length: 10 }, (_, index) =>
      monthFormat.format(new Date(seededAt.getFullYear(), seededAt.getMonth() - 2 - index, 15)),
    );
    expect(await recent.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
      'Today',
      'Yesterday',
      'Previous 7 days',
      'Previous 30 days',
      ...months,
    ]);
    const bucket = (name: string) => recent.getByRole('region', { name, exact: true });
    expect(await bucket('Today').getByRole('link').count()).toBe(5);
    await shown(bucket('Yesterday').getByRole('link', { name: 'Chat 5 about needles' }));
    await shown(bucket('Previous 7 days').getByRole('link', { name: 'Chat 19', exact: true }));
    await shown(bucket('Previous 30 days').getByRole('link', { name: 'Chat 49', exact: true }));
    expect(await bucket(months[9]!).getByRole('link').count()).toBe(25);
    // Favourites and grouped chats have their own sections, not the dated list.
    expect(await recent.getByRole('link', { name: /Starred|Archived/ }).count()).toBe(0);

    await list.evaluate((element) => (element.scrollTop = 0));
    await recent.getByRole('heading', { name: 'Today' }).evaluate((heading) => {
      // The list scrolls, not the page: move it so the heading is at its top.
      const nav = heading.closest('nav')!;
      nav.scrollTop += heading.getBoundingClientRect().top - nav.getBoundingClientRect().top - 8;
    });
    await screenshot(page, 'sidebar-by-date');
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await screenshot(page, 'sidebar-by-month');
    await context.close();
  });

  it('pages search results: a search matching 120 chats reaches every one by scrolling', async () => {
    const { page, context } = await signedIn(suite.browser);
    await page.getByLabel('Search chats').fill('needle');
    const list = chatList(page);
    const results = list.getByRole('region', { name: 'Search results' });
    await shown(results.getByRole('link', { name: 'Chat 1 about needles' }));
    await scrollUntil(list, results.getByRole('link', { name: 'Chat 296 about needles' }));
    await expect.poll(() => results.getByRole('link').count(), eventually).toBe(120);
    const titles = await results.getByRole('link').allInnerTexts();
    expect(new Set(titles).size).toBe(120);
    expect(titles.every((title) => title.includes('needles'))).toBe(true);
    await context.close();
  });

  it('pages favourites and a group with "Show more"', async () => {
    const { page, context } = await signedIn(suite.browser);
    const list = chatList(page);
    const favorites = list.getByRole('region', { name: 'Favorites' });
    await shown(favorites.getByRole('link', { name: /Starred 0$/ }));
    expect(await favorites.getByRole('link').count()).toBe(20);
    await favorites.getByRole('button', { name: 'Show more favorites' }).click();
    await expect.poll(() => favorites.getByRole('link').count(), eventually).toBe(25);
    await gone(favorites.getByRole('button', { name: 'Show more favorites' }));

    // Groups start closed (no request each), open on a click, and stay open after a reload.
    const groupButton = list.getByRole('button', { name: /^Archive\s*45$/ });
    expect(await groupButton.getAttribute('aria-expanded')).toBe('false');
    await groupButton.click();
    await expect.poll(() => groupButton.getAttribute('aria-expanded'), eventually).toBe('true');
    const archive = list.locator(`#${await groupButton.getAttribute('aria-controls')}`);
    await expect.poll(() => archive.getByRole('link').count(), eventually).toBe(20);
    const more = list.getByRole('button', { name: 'Show more in Archive' });
    await more.click();
    await expect.poll(() => archive.getByRole('link').count(), eventually).toBe(40);
    await more.click();
    await expect.poll(() => archive.getByRole('link').count(), eventually).toBe(45);
    await gone(more);
    await shown(archive.getByRole('link', { name: 'Archived 44' }));

    await page.reload();
    await expect.poll(() => groupButton.getAttribute('aria-expanded'), eventually).toBe('true');
    await expect.poll(() => archive.getByRole('link').count(), eventually).toBe(20);
    await context.close();
  });

  it('a chat menu works by keyboard, closes on an outside click and stays inside a phone screen', async () => {
    const { page, context } = await signedIn(suite.browser, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    await page.getByRole('button', { name: '☰ Chats' }).click();
    const trigger = chatList(page).getByRole('button', {
      name: 'Options for Chat 1 about needles',
    });
    await trigger.focus();
    await trigger.press('Enter');
    const menu = page.getByRole('menu', { name: 'Options for Chat 1 about needles' });
    await shown(menu);
    await expect.poll(() => focusedText(page), eventually).toBe('Rename');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page), eventually).toBe('Add to favorites');
    // Moving to a group is a group of radio items inside the menu, not a <select>.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page), eventually).toContain('No group');
    const moveTo = menu.getByRole('group', { name: 'Move to group' });
    expect(
      await moveTo.getByRole('menuitemradio', { name: 'No group' }).getAttribute('aria-checked'),
    ).toBe('true');
    await shown(moveTo.getByRole('menuitemradio', { name: 'Archive' }));
    expect(await menu.locator('select').count()).toBe(0);
    await withinViewport(menu, 375);
    await screenshot(page, 'sidebar-menu-open-phone');

    await page.keyboard.press('Escape');
    await gone(menu);
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);

    await trigger.press('ArrowDown');
    await shown(menu);
    await expect.poll(() => focusedText(page), eventually).toBe('Rename');
    await chatList(page).getByRole('heading', { name: 'Groups' }).click(); // outside the menu
    await gone(menu);
    await context.close();
  });

  it('has no serious accessibility violations with a menu or a dialog open, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context } = await signedIn(suite.browser, { colorScheme });
      const trigger = chatList(page).getByRole('button', { name: `Options for ${LONG_TITLE}` });
      await trigger.click();
      await shown(page.getByRole('menu'));
      await shown(page.getByRole('menuitemradio', { name: 'Archive' }));
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `sidebar-menu-open-${colorScheme}`);

      await page.keyboard.press('Escape');
      await gone(page.getByRole('menu'));
      await trigger.click();
      await page.getByRole('menuitem', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this chat?' });
      await shown(dialog);
      expect(await seriousViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await gone(dialog);
      // Closing the dialog returns to the menu's trigger.
      expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);

      await page.goto(`/c/${longChatId}`);
      await page.getByRole('button', { name: /^System prompt/ }).click();
      await shown(page.getByRole('dialog', { name: 'System prompt' }));
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  }, 180_000); // two colour schemes, three axe scans each: slow on a busy machine

  it('on a phone the chat title in the header is not cut short', async () => {
    const { page, context } = await signedIn(suite.browser, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`/c/${longChatId}`);
    const title = page.getByTestId('chat-title');
    await expect.poll(() => title.innerText(), eventually).toBe(LONG_TITLE);
    const box = await title.evaluate((element) => ({
      width: element.getBoundingClientRect().width,
      clipped:
        element.scrollHeight > element.clientHeight + 1 ||
        element.scrollWidth > element.clientWidth + 1,
    }));
    expect(box.width).toBeGreaterThan(300);
    expect(box.clipped).toBe(false);
    await screenshot(page, 'mobile-chat-title');
    await context.close();
  });
});

async function withinViewport(locator: Locator, width: number) {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}
