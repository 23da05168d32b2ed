import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import type { LoggedEvent } from '../realtime/chatEvents';
import { createMemoryLeases, type GenerationLeases } from '../realtime/leases';
import { INTERRUPTED_ERROR, interruptOrphans } from './orphans';

/** Polls wait for work in flight to land; the limit only stops a hung test, it is no deadline. */
const patience = { timeout: 20_000 };

let core: TestCore;
beforeAll(async () => {
  // A lease long enough that the app's own sweeper (with Redis) never touches these rows.
  core = await openTestCore({ GENERATION_LEASE_MS: '600000' });
});
afterAll(async () => {
  await core?.close();
});

const minuteAgo = () => new Date(Date.now() - 60_000);

async function reply(status: 'streaming' | 'complete', updatedAt: Date, content = 'partial text') {
  const user = await core.createTestUser();
  const prisma = core.app.database.prisma;
  const session = await prisma.session.create({
    data: { userId: user.id, title: 'Orphans', model: 'echo' },
  });
  return prisma.message.create({
    data: { sessionId: session.id, role: 'assistant', content, status, model: 'echo', updatedAt },
  });
}

function sweep(leases: GenerationLeases = createMemoryLeases()) {
  return interruptOrphans({
    prisma: core.app.database.prisma,
    leases,
    events: core.app.events,
    olderThanMs: 30_000,
    logger: silentLogger,
  });
}

describe('interruptOrphans', () => {
  it('marks a streaming reply without a lease interrupted, keeping its partial text', async () => {
    const orphan = await reply('streaming', minuteAgo(), 'half an ans');
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({ where: { id: orphan.id } }),
    ).toMatchObject({ status: 'interrupted', content: 'half an ans', error: INTERRUPTED_ERROR });
  });

  it("tells the session's subscribers: the stored reply, then the error", async () => {
    const orphan = await reply('streaming', minuteAgo());
    const heard: LoggedEvent[] = [];
    const unsubscribe = await core.app.events.subscribe(orphan.sessionId, (event) =>
      heard.push(event),
    );
    try {
      await sweep();
      await expect.poll(() => heard.length, patience).toBe(2);
    } finally {
      unsubscribe();
    }
    expect(heard.map(({ event }) => event)).toEqual([
      {
        type: 'message:update',
        message: expect.objectContaining({
          id: orphan.id,
          status: 'interrupted',
          content: 'partial text',
        }),
      },
      { type: 'message:error', messageId: orphan.id, error: INTERRUPTED_ERROR },
    ]);
  });

  it('leaves a reply alone while some instance holds its lease', async () => {
    const running = await reply('streaming', minuteAgo());
    const leases = createMemoryLeases();
    await leases.acquire(running.id);
    await sweep(leases);
    expect(
      (await core.app.database.prisma.message.findUniqueOrThrow({ where: { id: running.id } }))
        .status,
    ).toBe('streaming');
  });

  it('leaves a reply written to recently alone (its lease may not have expired yet)', async () => {
    const fresh = await reply('streaming', new Date());
    await sweep();
    expect(
      (await core.app.database.prisma.message.findUniqueOrThrow({ where: { id: fresh.id } }))
        .status,
    ).toBe('streaming');
  });

  it('never touches a finished reply', async () => {
    const finished = await reply('complete', minuteAgo(), 'done');
    await sweep();
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({ where: { id: finished.id } }),
    ).toMatchObject({ status: 'complete', content: 'done', error: null });
  });

  it('marks each orphan once: a second sweep finds nothing', async () => {
    await reply('streaming', minuteAgo());
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    expect(await sweep()).toBe(0);
  });
});
