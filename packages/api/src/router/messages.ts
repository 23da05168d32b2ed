import type { TRPCRouterRecord } from '@trpc/server';
import type { Context } from '../context';
import {
  messageCreateInput,
  messageListInput,
  messageOutput,
  messagePageOutput,
  messageSendInput,
  messageSendOutput,
} from '../schemas/messages';
import * as chat from '../services/chat';
import { listMessages } from '../services/messages';
import { protectedProcedure } from '../trpc';

const deps = (ctx: Context): chat.ChatDeps => ({
  prisma: ctx.app.database.prisma,
  generations: ctx.app.generations,
});

export const messagesRouter = {
  list: protectedProcedure
    .input(messageListInput)
    .output(messagePageOutput)
    .query(({ ctx, input }) => listMessages(ctx.app.database.prisma, ctx.user.id, input)),
  create: protectedProcedure
    .input(messageCreateInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => chat.createMessage(deps(ctx), ctx.user.id, input)),
  send: protectedProcedure
    .input(messageSendInput)
    .output(messageSendOutput)
    .mutation(({ ctx, input }) => chat.sendMessage(deps(ctx), ctx.user.id, input)),
} satisfies TRPCRouterRecord;
