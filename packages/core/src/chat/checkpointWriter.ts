import { Prisma, type PrismaClient } from '@chatbot/db';

/**
 * Checkpoints of every reply streaming in this process, written together: the latest text of
 * each is kept in memory, and once per interval ONE statement stores all of them. With 200
 * replies streaming that is one write per second instead of 200, so the database never competes
 * with the streams (on PGlite it runs on the same thread as the sockets).
 */
export class CheckpointWriter {
  private readonly pending = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private written: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly intervalMs: number,
  ) {}

  /** Remember a streaming reply's text so far; it is stored at the next checkpoint. */
  stage(messageId: string, content: string): void {
    this.pending.set(messageId, content);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /**
   * Before a reply's final write: drop its staged text and wait for a checkpoint already on
   * its way, so an older text can never land after the final one.
   */
  async settle(messageId: string): Promise<void> {
    this.pending.delete(messageId);
    await this.written;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    this.written = this.written
      .then(() => this.write(batch))
      .catch(() => {
        // A checkpoint lost to an outage is only a checkpoint: the final write retries.
      });
  }

  private async write(batch: [string, string][]) {
    const rows = Prisma.join(batch.map(([id, content]) => Prisma.sql`(${id}, ${content})`));
    await this.prisma.$executeRaw`
      UPDATE "Message" AS m SET content = v.content
      FROM (VALUES ${rows}) AS v(id, content)
      WHERE m.id = v.id AND m.status = 'streaming'`;
  }
}
