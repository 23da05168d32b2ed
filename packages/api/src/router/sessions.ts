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
} from '@chatbot/core/schemas';
import { exportSession } from '@chatbot/core/chat';
import * as sessions from '@chatbot/core/sessions';
import { protectedProcedure } from '../trpc';

const deps = (ctx: Context): sessions.SessionDeps => ({
  prisma: ctx.app.database.prisma,
  models: ctx.app.models,
  events: ctx.app.events,
  maxSessionsPerUser: ctx.app.config.quotas.sessionsPerUser,
});

export const sessionsRouter = {
  list: protectedProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/sessions',
        tag: 'Sessions',
        summary: 'Your sessions, most recent first (cursor pages)',
      },
    })
    .input(sessionListInput)
    .output(sessionPageOutput)
    .query(({ ctx, input }) => sessions.listSessions(ctx.app.database.prisma, ctx.user.id, input)),
  get: protectedProcedure
    .meta({
      rest: { method: 'GET', path: '/sessions/{id}', tag: 'Sessions', summary: 'One session' },
    })
    .input(sessionIdInput)
    .output(sessionOutput)
    .query(({ ctx, input }) => sessions.getSession(ctx.app.database.prisma, ctx.user.id, input.id)),
  create: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/sessions',
        tag: 'Sessions',
        summary: 'Start a session',
        successStatus: 201,
        errors: [409],
      },
    })
    .input(sessionCreateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.createSession(deps(ctx), ctx.user.id, input)),
  update: protectedProcedure
    .meta({
      rest: {
        method: 'PATCH',
        path: '/sessions/{id}',
        tag: 'Sessions',
        summary: "Change a session's title, favourite, group or model",
      },
    })
    .input(sessionUpdateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  setFavorite: protectedProcedure
    .meta({
      rest: {
        method: 'PATCH',
        path: '/sessions/{id}/favorite',
        tag: 'Sessions',
        summary: 'Star or unstar a session',
      },
    })
    .input(sessionFavoriteInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  setGroup: protectedProcedure
    .meta({
      rest: {
        method: 'PATCH',
        path: '/sessions/{id}/group',
        tag: 'Sessions',
        summary: 'Move a session to a group (null: ungrouped)',
      },
    })
    .input(sessionGroupInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.updateSession(deps(ctx), ctx.user.id, input)),
  delete: protectedProcedure
    .meta({
      rest: {
        method: 'DELETE',
        path: '/sessions/{id}',
        tag: 'Sessions',
        summary: 'Delete a session and its messages',
      },
    })
    .input(sessionIdInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      sessions.deleteSession(deps(ctx), ctx.app.generations, ctx.user.id, input.id),
    ),
  export: protectedProcedure
    .meta({
      rest: [
        {
          method: 'GET',
          path: '/sessions/{id}/export.json',
          tag: 'Sessions',
          summary: 'Download the session as JSON',
          fixedInput: { format: 'json' },
          download: 'application/json',
        },
        {
          method: 'GET',
          path: '/sessions/{id}/export.md',
          tag: 'Sessions',
          summary: 'Download the session as Markdown',
          fixedInput: { format: 'md' },
          download: 'text/markdown',
        },
      ],
    })
    .input(sessionExportInput)
    .output(sessionExportOutput)
    .query(({ ctx, input }) => exportSession(ctx.app.database.prisma, ctx.user.id, input)),
} satisfies TRPCRouterRecord;
