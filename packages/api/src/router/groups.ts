import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { groupCreateInput, groupIdInput, groupOutput, groupUpdateInput } from '../schemas/groups';
import { sessionOutput } from '../schemas/sessions';
import * as groups from '../services/groups';
import { listSessions } from '../services/sessions';
import { protectedProcedure } from '../trpc';

export const groupsRouter = {
  list: protectedProcedure
    .output(z.array(groupOutput))
    .query(({ ctx }) => groups.listGroups(ctx.app.database.prisma, ctx.user.id)),
  create: protectedProcedure
    .input(groupCreateInput)
    .output(groupOutput)
    .mutation(({ ctx, input }) =>
      groups.createGroup(ctx.app.database.prisma, ctx.user.id, input.name),
    ),
  update: protectedProcedure
    .input(groupUpdateInput)
    .output(groupOutput)
    .mutation(({ ctx, input }) => groups.updateGroup(ctx.app.database.prisma, ctx.user.id, input)),
  delete: protectedProcedure
    .input(groupIdInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      groups.deleteGroup(ctx.app.database.prisma, ctx.user.id, input.id),
    ),
  /** The group's sessions, most recent first (every one: a folder is a bounded list). */
  sessions: protectedProcedure
    .input(groupIdInput)
    .output(z.array(sessionOutput))
    .query(async ({ ctx, input }) => {
      const prisma = ctx.app.database.prisma;
      await groups.requireGroup(prisma, ctx.user.id, input.id);
      const page = await listSessions(prisma, ctx.user.id, { groupId: input.id, limit: 1000 });
      return page.items;
    }),
} satisfies TRPCRouterRecord;
