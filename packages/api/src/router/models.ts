import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { modelOutput } from '@chatbot/core/schemas';
import { protectedProcedure } from '../trpc';

export const modelsRouter = {
  list: protectedProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/ai/models',
        tag: 'Models',
        summary: 'The models you can choose per session',
      },
    })
    .output(z.array(modelOutput))
    .query(({ ctx }) => ctx.app.models.list()),
} satisfies TRPCRouterRecord;
