import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  deleted,
  deletedOutput,
  groupCreateInput,
  groupIdInput,
  groupOutput,
  groupUpdateInput,
} from '@chatbot/core/schemas';
import { sessionOutput } from '@chatbot/core/schemas';
import * as groups from '@chatbot/core/sessions';
import { listSessions } from '@chatbot/core/sessions';
import { protectedProcedure } from '../trpc';

export const groupsRouter = {
  list: protectedProcedure
    .meta({
      rest: [
        {
          method: 'GET',
          path: '/groups',
          tag: 'Groups',
          summary: 'Your groups (folders of chats)',
        },
        { method: 'GET', path: '/folders', tag: 'Folders', summary: 'Your folders (= groups)' },
      ],
    })
    .output(z.array(groupOutput))
    .query(({ ctx }) => groups.listGroups(ctx.app.database.prisma, ctx.user.id)),
  create: protectedProcedure
    .meta({
      rest: [
        {
          method: 'POST',
          path: '/groups',
          tag: 'Groups',
          summary: 'Create a group',
          successStatus: 201,
          errors: [409],
        },
        {
          method: 'POST',
          path: '/folders',
          tag: 'Folders',
          summary: 'Create a folder (= group)',
          successStatus: 201,
          errors: [409],
        },
      ],
    })
    .input(groupCreateInput)
    .output(groupOutput)
    .mutation(({ ctx, input }) =>
      groups.createGroup(
        ctx.app.database.prisma,
        ctx.user.id,
        input.name,
        ctx.app.config.quotas.groupsPerUser,
      ),
    ),
  update: protectedProcedure
    .meta({
      rest: [
        { method: 'PATCH', path: '/groups/{id}', tag: 'Groups', summary: 'Rename a group' },
        { method: 'PATCH', path: '/folders/{id}', tag: 'Folders', summary: 'Rename a folder' },
        {
          method: 'PATCH',
          path: '/folders/{id}/favorite',
          tag: 'Folders',
          summary: 'Star or unstar a folder ({ isFavorite })',
        },
      ],
    })
    .input(groupUpdateInput)
    .output(groupOutput)
    .mutation(({ ctx, input }) => groups.updateGroup(ctx.app.database.prisma, ctx.user.id, input)),
  delete: protectedProcedure
    .meta({
      rest: [
        {
          method: 'DELETE',
          path: '/groups/{id}',
          tag: 'Groups',
          summary: 'Delete a group; its sessions become ungrouped',
        },
        {
          method: 'DELETE',
          path: '/folders/{id}',
          tag: 'Folders',
          summary: 'Delete a folder; its sessions leave it',
        },
      ],
    })
    .input(groupIdInput)
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) =>
      deleted((await groups.deleteGroup(ctx.app.database.prisma, ctx.user.id, input.id)).id),
    ),
  /** The group's sessions, most recent first (every one: a folder is a bounded list). */
  sessions: protectedProcedure
    .meta({
      rest: [
        {
          method: 'GET',
          path: '/groups/{id}/sessions',
          tag: 'Groups',
          summary: "The group's sessions, most recent first",
        },
        {
          method: 'GET',
          path: '/folders/{id}/sessions',
          tag: 'Folders',
          summary: "The folder's sessions, most recent first",
        },
      ],
    })
    .input(groupIdInput)
    .output(z.array(sessionOutput))
    .query(async ({ ctx, input }) => {
      const prisma = ctx.app.database.prisma;
      await groups.requireGroup(prisma, ctx.user.id, input.id);
      const page = await listSessions(prisma, ctx.user.id, { groupId: input.id, limit: 1000 });
      return page.items;
    }),
} satisfies TRPCRouterRecord;
