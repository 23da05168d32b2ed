import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure } from '../trpc';

export const healthRouter = {
  check: publicProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/health',
        tag: 'Health',
        summary: 'The server and its database answer',
      },
    })
    .output(z.object({ status: z.literal('ok'), database: z.literal('ok') }))
    .query(async ({ ctx }) => {
      try {
        await ctx.app.database.ping();
      } catch (cause) {
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'Database unreachable',
          cause,
        });
      }
      return { status: 'ok' as const, database: 'ok' as const };
    }),
} satisfies TRPCRouterRecord;
