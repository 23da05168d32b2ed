import type { ModelCatalog, TokenUsage } from '@chatbot/ai';
import type { PrismaClient } from '@chatbot/db';
import { buildHistory } from './history';

export interface GenerationJob {
  sessionId: string;
  /** The assistant placeholder (status `streaming`) the reply is written into. */
  messageId: string;
  model: string;
}

export interface GenerationRunnerOptions {
  prisma: PrismaClient;
  models: ModelCatalog;
  checkpointIntervalMs: number;
  historyTokenBudget: number;
  onError?: (error: unknown, job: GenerationJob) => void;
}

interface Running {
  job: GenerationJob;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs replies in the background of this process. The database is written at the start (by
 * the caller), about once per checkpoint interval while text arrives, and once at the end;
 * never once per token.
 */
export class GenerationRunner {
  private readonly running = new Map<string, Running>();

  constructor(private readonly options: GenerationRunnerOptions) {}

  get inFlight(): number {
    return this.running.size;
  }

  isRunning(messageId: string): boolean {
    return this.running.has(messageId);
  }

  start(job: GenerationJob): void {
    const controller = new AbortController();
    const done = this.run(job, controller.signal)
      .catch((error) => this.options.onError?.(error, job))
      .finally(() => this.running.delete(job.messageId));
    this.running.set(job.messageId, { job, controller, done });
  }

  /** Abort a running reply; resolves once its final state is stored. False if not running here. */
  async cancel(messageId: string): Promise<boolean> {
    const running = this.running.get(messageId);
    if (!running) return false;
    running.controller.abort(new CancelledError());
    await running.done;
    return true;
  }

  async cancelSession(sessionId: string): Promise<void> {
    await Promise.all(
      [...this.running.values()]
        .filter((running) => running.job.sessionId === sessionId)
        .map((running) => this.cancel(running.job.messageId)),
    );
  }

  /** Wait for every running reply to end (cancelling them first when `abort` is set). */
  async drain(abort = false): Promise<void> {
    const all = [...this.running.values()];
    if (abort) for (const running of all) running.controller.abort(new CancelledError());
    await Promise.all(all.map((running) => running.done));
  }

  private async run(job: GenerationJob, signal: AbortSignal): Promise<void> {
    const { prisma } = this.options;
    let content = '';
    let usage: TokenUsage | undefined;
    let lastCheckpoint = Date.now();
    let checkpointedLength = 0;

    const finish = (data: { status: 'complete' | 'error' | 'cancelled'; error?: string }) =>
      prisma.message.update({
        where: { id: job.messageId },
        data: {
          content,
          status: data.status,
          error: data.error ?? null,
          promptTokens: usage?.promptTokens ?? null,
          completionTokens: usage?.completionTokens ?? null,
        },
      });

    try {
      const resolved = this.options.models.resolve(job.model);
      if (!resolved) throw new Error(`Model "${job.model}" is not configured`);
      const session = await prisma.session.findUniqueOrThrow({ where: { id: job.sessionId } });
      const turns = await prisma.message.findMany({
        where: { sessionId: job.sessionId, id: { not: job.messageId } },
        orderBy: { seq: 'asc' },
        select: { role: true, content: true, status: true },
      });
      const messages = buildHistory(session.systemPrompt, turns, this.options.historyTokenBudget);
      for await (const event of resolved.provider.stream({
        model: resolved.model,
        messages,
        signal,
      })) {
        if (event.type === 'usage') {
          usage = event.usage;
          continue;
        }
        content += event.text;
        if (
          Date.now() - lastCheckpoint >= this.options.checkpointIntervalMs &&
          content.length > checkpointedLength
        ) {
          lastCheckpoint = Date.now();
          checkpointedLength = content.length;
          await prisma.message.update({ where: { id: job.messageId }, data: { content } });
        }
      }
      signal.throwIfAborted();
      await finish({ status: 'complete' });
    } catch (error) {
      if (signal.aborted && signal.reason instanceof CancelledError) {
        await finish({ status: 'cancelled' });
        return;
      }
      await finish({
        status: 'error',
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}
