import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context';
import {
  sessionCreateInput,
  sessionExportInput,
  sessionExportOutput,
  sessionFavoriteInput,
  sessionGroupInput,
  sessionIdInput,
  sessionListInput,
  sessionOutput,
  sessionPageOutput,
  sessionUpdateInput,
} from '../schemas/sessions';
import { exportSession } from '../services/sessionExport';
import * as sessions from '../services/sessions';
import { protectedProcedure } from '../trpc';

const deps = (ctx: Context): sessions.SessionDeps => ({
  prisma: ctx.app.database.prisma,
  models: ctx.app.models,
  events: ctx.app.events,
});

export const sessionsRouter = {
  list: protectedProcedure
    .input(sessionListInput)
    .output(sessionPageOutput)
    .query(({ ctx, input }) => sessions.listSessions(ctx.app.database.prisma, ctx.user.id, input)),
  get: protectedProcedure
    .input(sessionIdInput)
    .output(sessionOutput)
    .query(({ ctx, input }) => sessions.getSession(ctx.app.database.prisma, ctx.user.id, input.id)),
  create: protectedProcedure
    .input(sessionCreateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.createSession(deps(ctx), ctx.user.id, input)),
  update: protectedProcedure
    .input(sessionUpdateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  setFavorite: protectedProcedure
    .input(sessionFavoriteInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  setGroup: protectedProcedure
    .input(sessionGroupInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  delete: protectedProcedure
    .input(sessionIdInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      sessions.deleteSession(deps(ctx), ctx.app.generations, ctx.user.id, input.id),
    ),
  export: protectedProcedure
    .input(sessionExportInput)
    .output(sessionExportOutput)
    .query(({ ctx, input }) => exportSession(ctx.app.database.prisma, ctx.user.id, input)),
} satisfies TRPCRouterRecord;
