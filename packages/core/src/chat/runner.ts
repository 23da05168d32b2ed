import type { ModelCatalog, TokenUsage } from '@chatbot/ai';
import { turnsForModel } from '../attachments/modelFiles';
import type { AttachmentStorage } from '../attachments/storage';
import type { PrismaClient } from '@chatbot/db';
import type { Logger } from '../logger';
import type { ChatEvent } from '../realtime/chatEvents';
import type { ControlBus } from '../realtime/controlBus';
import type { EventLog } from '../realtime/eventLog';
import type { GenerationLeases } from '../realtime/leases';
import { toMessageDTO } from './messages';
import type { AttachmentNotice } from '../schemas/messages';
import { DEFAULT_TITLE, toSessionDTO } from '../sessions/sessions';
import { generateTitle } from './autoTitle';
import { CheckpointWriter } from './checkpointWriter';
import { DeltaBatcher } from './deltaBatcher';
import { storeWhenAvailable } from './storeWhenAvailable';
import { buildHistory } from './history';
import { turnsBefore } from './tree';

export interface GenerationJob {
  sessionId: string;
  /** The assistant placeholder (status `streaming`) the reply is written into. */
  messageId: string;
  model: string;
  /** The session's system prompt, when the caller has just read it (saves a query). */
  systemPrompt?: string | null;
}

/**
 * Turns read for the model's history, newest first. The token budget keeps fewer; this bound
 * keeps a 10,000-message session from being read whole for every reply.
 */
const HISTORY_READ_LIMIT = 400;

/** Hooks for metrics; every one is optional. */
export interface GenerationObserver {
  started?(job: GenerationJob): void;
  firstToken?(job: GenerationJob, ms: number): void;
  /** Deltas received from the provider, reported once when the reply ends. */
  tokens?(job: GenerationJob, count: number): void;
  finished?(job: GenerationJob, status: FinalStatus, ms: number): void;
}

export interface GenerationRunnerOptions {
  prisma: PrismaClient;
  models: ModelCatalog;
  events: EventLog;
  bus: ControlBus;
  leases: GenerationLeases;
  logger: Logger;
  checkpointIntervalMs: number;
  historyTokenBudget: number;
  /** Where the user messages' files are read from; without it, turns go without files. */
  storage?: AttachmentStorage;
  /** ATTACHMENT_TEXT_BUDGET_TOKENS: document text per request. @default 32000 */
  attachmentTextBudgetTokens?: number;
  observer?: GenerationObserver;
}

type FinalStatus = 'complete' | 'error' | 'cancelled' | 'interrupted';

interface Running {
  job: GenerationJob;
  controller: AbortController;
  done: Promise<void>;
}

/** Why a generation was stopped from outside: the user, or a shutdown past its grace period. */
export class StopRequest extends Error {
  constructor(readonly kind: 'cancel' | 'shutdown') {
    super(kind === 'cancel' ? 'Cancelled' : 'The server shut down before the reply finished');
    this.name = 'StopRequest';
  }
}

/**
 * Runs replies in the background of this process. The database is written at the start (by
 * the caller), about once per checkpoint interval while text arrives, and once at the end;
 * never once per token. Text reaches clients through the event log.
 */
export class GenerationRunner {
  private readonly running = new Map<string, Running>();
  private readonly stopListening: () => void;
  private readonly checkpoints: CheckpointWriter;

  /** The models replies run on (send checks an image's model can see it). */
  get models(): ModelCatalog {
    return this.options.models;
  }

  constructor(private readonly options: GenerationRunnerOptions) {
    this.checkpoints = new CheckpointWriter(options.prisma, options.checkpointIntervalMs);
    // A cancel published by another instance (or this one) stops the reply if it runs here.
    this.stopListening = options.bus.onCancel((messageId) => this.abortLocal(messageId, 'cancel'));
  }

  get inFlight(): number {
    return this.running.size;
  }

  isRunning(messageId: string): boolean {
    return this.running.has(messageId);
  }

  start(job: GenerationJob): void {
    const controller = new AbortController();
    const { leases, logger } = this.options;
    // The lease tells other instances' orphan sweepers that this reply is alive (renewed while
    // held); without it a reply running longer than the lease would be marked interrupted.
    const done = leases
      .acquire(job.messageId)
      .then(() => this.run(job, controller.signal))
      .catch((error: unknown) => logger.error({ err: error, ...job }, 'generation crashed'))
      .finally(() => {
        this.running.delete(job.messageId);
        return leases.release(job.messageId);
      });
    this.running.set(job.messageId, { job, controller, done });
  }

  /** Abort a reply running here; resolves once its final state is stored. False if not here. */
  async cancel(messageId: string): Promise<boolean> {
    const running = this.abortLocal(messageId, 'cancel');
    if (!running) return false;
    await running.done;
    return true;
  }

  async cancelSession(sessionId: string): Promise<void> {
    const inSession = [...this.running.values()].filter(
      (running) => running.job.sessionId === sessionId,
    );
    await Promise.all(inSession.map((running) => this.cancel(running.job.messageId)));
  }

  /**
   * Let running replies finish within `graceMs`, then stop the rest (their partial text is
   * stored). For shutdown.
   */
  async drain(graceMs: number): Promise<void> {
    const all = [...this.running.values()];
    const finished = Promise.all(all.map((running) => running.done));
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>(
      (resolve) => (timer = setTimeout(() => resolve('expired'), graceMs)),
    );
    if ((await Promise.race([finished, expired])) === 'expired') {
      for (const running of this.running.values())
        running.controller.abort(new StopRequest('shutdown'));
      await finished;
    }
    clearTimeout(timer);
    this.stopListening();
  }

  private abortLocal(messageId: string, kind: StopRequest['kind']) {
    const running = this.running.get(messageId);
    running?.controller.abort(new StopRequest(kind));
    return running;
  }

  private async run(job: GenerationJob, signal: AbortSignal): Promise<void> {
    const { prisma, events, observer } = this.options;
    const startedAt = performance.now();
    observer?.started?.(job);

    // Events of one reply are appended strictly in order, without blocking the stream loop.
    let published: Promise<unknown> = Promise.resolve();
    const publish = (event: ChatEvent) => {
      published = published
        .then(() => events.append(job.sessionId, event))
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error, ...job }, 'event not published'),
        );
    };

    let content = '';
    let usage: TokenUsage | undefined;
    let firstTokenAt: number | undefined;
    let deltas = 0;
    const batcher = new DeltaBatcher((delta, offset) =>
      publish({ type: 'message:stream', messageId: job.messageId, delta, offset }),
    );

    let status: FinalStatus = 'complete';
    let errorText: string | null = null;
    let userText = '';
    // Stored with the reply, so the user sees what of their files the model did not read.
    let notice: AttachmentNotice | undefined;
    try {
      const resolved = this.options.models.resolve(job.model);
      if (!resolved) throw new Error(`The model "${job.model}" is not configured on this server`);
      const systemPrompt =
        job.systemPrompt !== undefined
          ? job.systemPrompt
          : (await prisma.session.findUniqueOrThrow({ where: { id: job.sessionId } })).systemPrompt;
      // The active path above the placeholder: other branches never reach the model.
      const turns = await turnsBefore(prisma, job.messageId, HISTORY_READ_LIMIT);
      userText = turns.findLast((turn) => turn.role === 'user')?.content ?? '';
      const kept = buildHistory(systemPrompt, turns, this.options.historyTokenBudget);
      const prepared = await turnsForModel({ prisma, storage: this.options.storage }, kept, {
        budgetTokens: this.options.attachmentTextBudgetTokens ?? 32_000,
        vision: resolved.vision,
      });
      notice = prepared.notice;
      for await (const event of resolved.provider.stream({
        model: resolved.model,
        messages: prepared.turns,
        signal,
      })) {
        if (event.type === 'usage') {
          usage = event.usage;
          continue;
        }
        if (firstTokenAt === undefined) {
          firstTokenAt = performance.now();
          observer?.firstToken?.(job, firstTokenAt - startedAt);
        }
        deltas += 1;
        content += event.text;
        batcher.push(event.text);
        // Kept in memory; stored with every other streaming reply at the next checkpoint.
        this.checkpoints.stage(job.messageId, content);
      }
      signal.throwIfAborted();
    } catch (error) {
      const stop = signal.aborted ? signal.reason : undefined;
      if (stop instanceof StopRequest && stop.kind === 'cancel') {
        status = 'cancelled';
      } else if (stop instanceof StopRequest) {
        status = 'interrupted'; // shutdown past the grace period: keep the text, say why
        errorText = stop.message;
      } else {
        status = 'error';
        errorText = error instanceof Error ? error.message : String(error);
        this.options.logger.warn({ err: error, ...job }, 'reply failed');
      }
    }

    batcher.flush();
    await this.checkpoints.settle(job.messageId);
    const final = await storeWhenAvailable(() =>
      prisma.message.update({
        where: { id: job.messageId },
        data: {
          content,
          status,
          error: errorText,
          promptTokens: usage?.promptTokens ?? null,
          completionTokens: usage?.completionTokens ?? null,
          ...(notice ? { attachmentNotice: notice } : {}),
        },
      }),
    ).catch(() => undefined); // the session was deleted meanwhile: nothing left to store
    if (final) {
      publish({ type: 'message:update', message: toMessageDTO(final) });
      if (status === 'complete') publish({ type: 'message:done', messageId: job.messageId });
      else if (status === 'cancelled')
        publish({ type: 'message:cancelled', messageId: job.messageId });
      else
        publish({
          type: 'message:error',
          messageId: job.messageId,
          error: errorText ?? 'The reply failed',
        });
    }
    await published;
    observer?.tokens?.(job, deltas);
    observer?.finished?.(job, status, performance.now() - startedAt);
    if (final && status === 'complete') await this.autoTitle(job, userText, content, publish);
    await published;
  }

  /** After the first exchange, give a still-untitled session a short title. */
  private async autoTitle(
    job: GenerationJob,
    userText: string,
    reply: string,
    publish: (event: ChatEvent) => void,
  ) {
    const { prisma } = this.options;
    const session = await prisma.session.findUnique({ where: { id: job.sessionId } });
    if (!session || session.title !== DEFAULT_TITLE) return;
    const replies = await prisma.message.count({
      where: { sessionId: job.sessionId, role: 'assistant', status: 'complete' },
    });
    if (replies !== 1) return;
    const resolved = this.options.models.resolve(job.model);
    if (!resolved) return;
    const title = await generateTitle(resolved, userText, reply, AbortSignal.timeout(15_000));
    // Only if nobody renamed it meanwhile.
    const { count } = await prisma.session.updateMany({
      where: { id: job.sessionId, title: DEFAULT_TITLE },
      data: { title },
    });
    if (count === 0) return;
    const updated = await prisma.session.findUnique({ where: { id: job.sessionId } });
    if (updated) publish({ type: 'session:update', session: toSessionDTO(updated) });
  }
}
