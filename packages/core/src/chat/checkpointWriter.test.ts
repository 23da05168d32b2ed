import type { PrismaClient } from '@chatbot/db';
import { createQueryCounter } from '@chatbot/db/testing';
import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckpointWriter } from './checkpointWriter';

/** A stand-in for Prisma that records each checkpoint statement's (id, content) pairs. */
function recordingPrisma(write: () => Promise<number> = async () => 1) {
  const statements: string[][] = [];
  const prisma = {
    $executeRaw(_strings: TemplateStringsArray, ...values: { values?: unknown[] }[]) {
      statements.push((values[0]?.values ?? []).map(String));
      return write();
    },
  } as unknown as PrismaClient;
  return { prisma, statements };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CheckpointWriter timing', () => {
  it('writes nothing until the interval has passed, then every staged reply in one statement', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { prisma, statements } = recordingPrisma();
    const writer = new CheckpointWriter(prisma, 1_000);
    writer.stage('a', 'He');
    writer.stage('b', 'Wor');
    writer.stage('a', 'Hello');
    vi.advanceTimersByTime(999);
    expect(statements).toEqual([]);
    vi.advanceTimersByTime(1);
    return vi.waitFor(() => expect(statements).toEqual([['a', 'Hello', 'b', 'Wor']]));
  });

  it('writes nothing when nothing was staged since the last checkpoint', async () => {
    const { prisma, statements } = recordingPrisma();
    const writer = new CheckpointWriter(prisma, 60_000);
    writer.stage('a', 'x');
    writer.flush();
    writer.flush();
    await writer.settle('other');
    expect(statements).toHaveLength(1);
  });

  it('settle() drops the reply staged text, so only its final write stores it', async () => {
    const { prisma, statements } = recordingPrisma();
    const writer = new CheckpointWriter(prisma, 60_000);
    writer.stage('a', 'x');
    writer.stage('b', 'y');
    await writer.settle('a');
    writer.flush();
    await writer.settle('b');
    expect(statements).toEqual([['b', 'y']]);
  });

  it('settle() waits for a checkpoint already on its way', async () => {
    let finish!: (count: number) => void;
    const { prisma } = recordingPrisma(() => new Promise((resolve) => (finish = resolve)));
    const writer = new CheckpointWriter(prisma, 60_000);
    writer.stage('a', 'older text');
    writer.flush();
    let settled = false;
    const settling = writer.settle('a').then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    finish(1);
    await settling;
    expect(settled).toBe(true);
  });

  it('swallows a failed checkpoint: the final write is what must succeed', async () => {
    const { prisma, statements } = recordingPrisma(async () => {
      throw new Error('Connection terminated');
    });
    const writer = new CheckpointWriter(prisma, 60_000);
    writer.stage('a', 'x');
    writer.flush();
    await expect(writer.settle('a')).resolves.toBeUndefined();
    writer.stage('b', 'y');
    writer.flush();
    await writer.settle('b');
    expect(statements).toHaveLength(2);
  });
});

describe('CheckpointWriter on the database', () => {
  const counter = createQueryCounter();
  let core: TestCore;
  beforeAll(async () => {
    core = await openTestCore({}, { wrapAdapter: counter.wrap });
  });
  afterAll(async () => {
    await core?.close();
  });

  it('stores the text of every streaming reply in one statement, and skips finished ones', async () => {
    const prisma = core.app.database.prisma;
    const user = await core.createTestUser();
    const session = await prisma.session.create({
      data: { userId: user.id, title: 'Checkpoints', model: 'echo' },
    });
    const create = (status: 'streaming' | 'complete', content: string) =>
      prisma.message.create({
        data: { sessionId: session.id, role: 'assistant', content, status },
      });
    const first = await create('streaming', '');
    const second = await create('streaming', '');
    const finished = await create('complete', 'final text');

    const writer = new CheckpointWriter(prisma, 60_000);
    const since = performance.now();
    writer.stage(first.id, 'one');
    writer.stage(second.id, "two, with 'quotes' and $1");
    writer.stage(finished.id, 'stale checkpoint');
    writer.flush();
    await writer.settle('none');

    expect(counter.writesTo('Message', since)).toHaveLength(1);
    const rows = await prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((row) => [row.status, row.content])).toEqual([
      ['streaming', 'one'],
      ['streaming', "two, with 'quotes' and $1"],
      ['complete', 'final text'],
    ]);
  });
});
