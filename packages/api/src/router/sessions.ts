import type { TRPCRouterRecord } from '@trpc/server';
import type { Context } from '../context';
import {
  deleted,
  deletedOutput,
  sessionCreateInput,
  sessionExportInput,
  sessionExportOutput,
  sessionFavoriteInput,
  importSummaryOutput,
  sessionImportInput,
  sessionGroupInput,
  sessionIdInput,
  sessionListInput,
  sessionOutput,
  sessionPageOutput,
  sessionUpdateInput,
  shareListOutput,
  shareOutput,
  shareSessionInput,
} from '@chatbot/core/schemas';
import { exportSession } from '@chatbot/core/chat';
import * as sessions from '@chatbot/core/sessions';
import * as shares from '@chatbot/core/shares';
import { importConversations } from '@chatbot/core/imports';
import { importDeps } from '../imports/importUpload';
import { protectedProcedure } from '../trpc';

const deps = (ctx: Context): sessions.SessionDeps => ({
  prisma: ctx.app.database.prisma,
  models: ctx.app.models,
  events: ctx.app.events,
  maxSessionsPerUser: ctx.app.config.quotas.sessionsPerUser,
  storage: ctx.app.storage,
});

export const sessionsRouter = {
  list: protectedProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/sessions',
        tag: 'Sessions',
        summary:
          'Your sessions, most recent first: all of them (at most MAX_SESSIONS_PER_USER), or a page with ?limit=&cursor=',
        list: { defaultLimit: 100, allPages: true },
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
      rest: [
        {
          method: 'PATCH',
          path: '/sessions/{id}/group',
          tag: 'Sessions',
          summary: 'Move a session to a group (null: ungrouped)',
        },
        {
          method: 'PATCH',
          path: '/sessions/{id}/folder',
          tag: 'Folders',
          summary: 'Move a session to a folder ({ folderId }, null: none)',
        },
      ],
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
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) =>
      deleted(
        (await sessions.deleteSession(deps(ctx), ctx.app.generations, ctx.user.id, input.id)).id,
      ),
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
  /**
   * Import a parsed file: our JSON export or ChatGPT's conversations array, bounded by the body
   * limit. Large files go to the streamed `POST /sessions/import` instead.
   */
  import: protectedProcedure
    .input(sessionImportInput)
    .output(importSummaryOutput)
    .mutation(({ ctx, input }) =>
      importConversations(importDeps(ctx.app), ctx.user.id, Array.isArray(input) ? input : [input]),
    ),
  share: protectedProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/sessions/{id}/share',
        tag: 'Shares',
        summary:
          'Share a read-only snapshot of the session behind an unguessable link, or update the snapshot of its link (same token)',
      },
    })
    .input(shareSessionInput)
    .output(shareOutput)
    .mutation(({ ctx, input }) =>
      shares.shareSession(ctx.app.database.prisma, ctx.user.id, input.id),
    ),
  unshare: protectedProcedure
    .meta({
      rest: {
        method: 'DELETE',
        path: '/sessions/{id}/share',
        tag: 'Shares',
        summary: 'Stop sharing the session: its link answers 404 from now on',
      },
    })
    .input(shareSessionInput)
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) =>
      deleted((await shares.unshareSession(ctx.app.database.prisma, ctx.user.id, input.id)).id),
    ),
  shares: protectedProcedure
    .meta({
      rest: { method: 'GET', path: '/shares', tag: 'Shares', summary: 'Your shared links' },
    })
    .output(shareListOutput)
    .query(({ ctx }) => shares.listShares(ctx.app.database.prisma, ctx.user.id)),
} satisfies TRPCRouterRecord;
