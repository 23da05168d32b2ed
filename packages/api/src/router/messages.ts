import { tracked, type TRPCRouterRecord } from '@trpc/server';
import type { Context } from '../context';
import {
  branchOutput,
  messageCreateInput,
  messageDeleteOutput,
  messageEditInput,
  messageEventsInput,
  messageIdInput,
  messageListInput,
  messageOutput,
  messagePageOutput,
  messageSendInput,
  messageSendOutput,
  streamTicketInput,
  streamTicketOutput,
} from '@chatbot/core/schemas';
import * as chat from '@chatbot/core/chat';
import { listMessages } from '@chatbot/core/chat';
import { requireSession } from '@chatbot/core/sessions';
import { sessionEvents } from '@chatbot/core/chat';
import { holdStreamSlot, type StreamSlot } from '../streamSlot';
import { protectedProcedure, sendingProcedure } from '../trpc';

const deps = (ctx: Context): chat.ChatDeps => ({
  prisma: ctx.app.database.prisma,
  generations: ctx.app.generations,
  events: ctx.app.events,
  bus: ctx.app.bus,
  storage: ctx.app.storage,
  maxAttachmentsPerMessage: ctx.app.config.attachments.maxPerMessage,
});

export const messagesRouter = {
  list: protectedProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/messages/{sessionId}',
        tag: 'Messages',
        summary:
          "The session's most recent messages, oldest first (200 unless ?limit=); ?cursor= pages back",
        list: { defaultLimit: 200 },
      },
    })
    .input(messageListInput)
    .output(messagePageOutput)
    .query(({ ctx, input }) => listMessages(ctx.app.database.prisma, ctx.user.id, input)),
  create: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/messages',
        tag: 'Messages',
        summary: 'Add a message; a user message starts the assistant reply',
        successStatus: 201,
        errors: [429],
      },
    })
    .input(messageCreateInput)
    .output(messageOutput)
    .mutation(async ({ ctx, input }) => {
      if (input.role === 'user') await ctx.app.rateLimits.consume('send', ctx.user.id);
      return chat.createMessage(deps(ctx), ctx.user.id, input);
    }),
  send: sendingProcedure
    .input(messageSendInput)
    .output(messageSendOutput)
    .mutation(({ ctx, input }) => chat.sendMessage(deps(ctx), ctx.user.id, input)),
  cancel: protectedProcedure
    .input(messageIdInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => chat.cancelReply(deps(ctx), ctx.user.id, input.messageId)),
  regenerate: sendingProcedure
    .input(messageIdInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => chat.regenerateReply(deps(ctx), ctx.user.id, input.messageId)),
  edit: sendingProcedure
    .input(messageEditInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => chat.editAndResend(deps(ctx), ctx.user.id, input)),
  /** Make the path through this message active (to the newest leaf below it). */
  switchBranch: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/messages/{messageId}/branch',
        tag: 'Messages',
        summary: 'Show the branch through this message (409 while a reply streams)',
      },
    })
    .input(messageIdInput)
    .output(branchOutput)
    .mutation(({ ctx, input }) => chat.switchBranch(deps(ctx), ctx.user.id, input.messageId)),
  delete: protectedProcedure
    .meta({
      rest: {
        method: 'DELETE',
        path: '/messages/{messageId}',
        tag: 'Messages',
        summary: 'Delete a message and every message below it (409 while a reply streams)',
      },
    })
    .input(messageIdInput)
    .output(messageDeleteOutput)
    .mutation(({ ctx, input }) => chat.deleteMessage(deps(ctx), ctx.user.id, input.messageId)),
  /** A ticket for EventSource clients, which cannot send an Authorization header. */
  streamTicket: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/sse/sessions/{sessionId}/ticket',
        tag: 'Streaming',
        summary: "A short-lived ticket that opens this session's event stream",
      },
    })
    .input(streamTicketInput)
    .output(streamTicketOutput)
    .mutation(async ({ ctx, input }) => {
      await requireSession(ctx.app.database.prisma, ctx.user.id, input.sessionId, 'sessionId');
      const { streamTickets } = ctx.app;
      return {
        ticket: await streamTickets.issue(ctx.user.id, input.sessionId),
        expiresIn: streamTickets.ttlSeconds,
      };
    }),
  /**
   * The session's live events, resumable with the last event id (SSE or WebSocket). Ownership
   * and the per-user stream cap are checked before the stream starts, so a refusal is an error
   * of the call itself (a REST stream answers it with a status, not an empty stream).
   */
  onEvent: protectedProcedure
    .input(messageEventsInput)
    .subscription(async ({ ctx, input, signal }) => {
      await requireSession(ctx.app.database.prisma, ctx.user.id, input.sessionId, 'sessionId');
      // Freed exactly once, whatever the client does: see holdStreamSlot.
      const slot = holdStreamSlot(ctx.app, ctx.user.id, ctx.transport === 'ws' ? 'ws' : 'sse', [
        signal,
        ctx.connectionSignal,
      ]);
      return liveEvents(ctx, input, signal, slot);
    }),
} satisfies TRPCRouterRecord;

async function* liveEvents(
  ctx: Context,
  input: { sessionId: string; lastEventId?: string | null },
  signal: AbortSignal | undefined,
  slot: StreamSlot,
) {
  const { eventDeliveryLagSeconds } = ctx.app.metrics;
  try {
    slot.claim();
    const onLive = (event: { at?: number }) => {
      if (event.at !== undefined)
        eventDeliveryLagSeconds.observe(Math.max(0, Date.now() - event.at) / 1000);
    };
    for await (const { id, event } of sessionEvents({
      events: ctx.app.events,
      ...input,
      signal,
      onLive,
    })) {
      yield tracked(id, event);
    }
  } finally {
    slot.release();
  }
}
