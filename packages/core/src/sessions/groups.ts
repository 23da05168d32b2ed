import type { Group, PrismaClient } from '@chatbot/db';
import { notFound } from '../errors';
import { dtoMapper } from '../schemas/dto';
import { groupOutput, type GroupDTO } from '../schemas/groups';
import { requireRoomFor } from './quotas';

type GroupWithCount = Group & { _count: { sessions: number } };

const groupDTO = dtoMapper(groupOutput);
const toGroupDTO = (group: GroupWithCount): GroupDTO =>
  groupDTO({ ...group, sessionCount: group._count.sessions });

const withCount = { _count: { select: { sessions: true } } } as const;

/** The user's group, or NOT_FOUND (also when it belongs to someone else). */
export async function requireGroup(
  prisma: PrismaClient,
  userId: string,
  groupId: string,
  field = 'id',
) {
  const group = await prisma.group.findFirst({ where: { id: groupId, userId } });
  if (!group) throw notFound('Group', field);
  return group;
}

/** How people sort names: "apple" before "Banana", "Chat 2" before "Chat 10". */
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Favourites first, then by name as people read it. Sorted here, not in SQL: the database's
 * collation puts every capital before every small letter, and the list is bounded by the quota.
 */
export async function listGroups(prisma: PrismaClient, userId: string): Promise<GroupDTO[]> {
  const groups = await prisma.group.findMany({
    where: { userId },
    orderBy: [{ isFavorite: 'desc' }, { id: 'asc' }],
    include: withCount,
  });
  groups.sort(
    (a, b) => Number(b.isFavorite) - Number(a.isFavorite) || byName.compare(a.name, b.name),
  );
  return groups.map(toGroupDTO);
}

/** `maxGroups`: the account's quota (refused with CONFLICT when reached); none when absent. */
export async function createGroup(
  prisma: PrismaClient,
  userId: string,
  name: string,
  maxGroups?: number,
): Promise<GroupDTO> {
  await requireRoomFor(prisma, 'groups', userId, maxGroups);
  return toGroupDTO(await prisma.group.create({ data: { userId, name }, include: withCount }));
}

export async function updateGroup(
  prisma: PrismaClient,
  userId: string,
  input: { id: string; name?: string; isFavorite?: boolean },
): Promise<GroupDTO> {
  await requireGroup(prisma, userId, input.id);
  const group = await prisma.group.update({
    where: { id: input.id },
    data: { name: input.name, isFavorite: input.isFavorite },
    include: withCount,
  });
  return toGroupDTO(group);
}

/** Deletes the folder only: its sessions stay, ungrouped (ON DELETE SET NULL). */
export async function deleteGroup(
  prisma: PrismaClient,
  userId: string,
  id: string,
): Promise<{ id: string }> {
  const { count } = await prisma.group.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound('Group', 'id');
  return { id };
}
