import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  modelCatalogInput,
  modelCatalogOutput,
  modelOutput,
  toModelCatalog,
} from '@chatbot/core/schemas';
import { protectedProcedure } from '../trpc';

export const modelsRouter = {
  /** Every model, as the typed clients read it. */
  list: protectedProcedure.output(z.array(modelOutput)).query(({ ctx }) => ctx.app.models.list()),
  /** The same models grouped the original backend's way (OPENAI, GOOGLE, ANTHROPIC). */
  catalog: protectedProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/ai/models',
        tag: 'Models',
        summary: 'The models you can choose per session, by provider (?provider= filters)',
      },
    })
    .input(modelCatalogInput)
    .output(modelCatalogOutput)
    .query(async ({ ctx, input }) => toModelCatalog(await ctx.app.models.list(), input.provider)),
} satisfies TRPCRouterRecord;
