import type { TRPCRouterRecord } from '@trpc/server';
import { sessionOutput, sharedChatOutput, shareTokenInput } from '@chatbot/core/schemas';
import * as shares from '@chatbot/core/shares';
import { protectedProcedure, publicProcedure } from '../trpc';

/** Shared chats as their readers see them: by token, the owner unknown. */
export const sharesRouter = {
  get: publicProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/shares/{token}',
        tag: 'Shares',
        summary:
          'A shared chat (no sign-in): title, model and messages as they were when shared; 404 for an unknown or revoked link',
      },
    })
    .input(shareTokenInput)
    .output(sharedChatOutput)
    .query(async ({ ctx, input }) => {
      // Public: the caller's address is the only key to slow a scraper down with.
      await ctx.app.rateLimits.consume('shareViews', `ip:${ctx.ip ?? 'unknown'}`);
      return shares.getSharedChat(ctx.app.database.prisma, input.token);
    }),
  continue: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/shares/{token}/continue',
        tag: 'Shares',
        summary: 'Copy a shared chat into a new session of your own, to continue it',
        successStatus: 201,
        errors: [409],
      },
    })
    .input(shareTokenInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) =>
      shares.continueSharedChat(
        {
          prisma: ctx.app.database.prisma,
          models: ctx.app.models,
          maxSessionsPerUser: ctx.app.config.quotas.sessionsPerUser,
        },
        ctx.user.id,
        input.token,
      ),
    ),
} satisfies TRPCRouterRecord;
