import { removeDetachedFiles } from '../attachments/removeFiles';
import type { AttachmentStorage } from '../attachments/storage';
import type { ModelCatalog } from '@chatbot/ai';
import type { Prisma, PrismaClient } from '@chatbot/db';
import { notFound } from '../errors';
import type { EventLog } from '../realtime/eventLog';
import { dtoMapper } from '../schemas/dto';
import { providerFamilyOf, type ProviderFamily } from '../schemas/models';
import { sessionOutput, type SessionDTO } from '../schemas/sessions';
import { requireGroup } from './groups';
import { chooseModel, defaultChoice } from './modelChoice';
import { requireRoomFor } from './quotas';

export const DEFAULT_TITLE = 'New chat';

export interface SessionDeps {
  prisma: PrismaClient;
  models: ModelCatalog;
  /** Open chats in other tabs and devices hear about renames, moves and deletion. */
  events: EventLog;
  /** The account's quota of sessions (refused with CONFLICT when reached); none when absent. */
  maxSessionsPerUser?: number;
  /** Where attachment files live; deleting a session removes its files. */
  storage?: AttachmentStorage;
}

const storedFields = dtoMapper(sessionOutput.omit({ folderId: true }));

/** The API's view of a stored session (the fields `sessionOutput` lists). */
export const toSessionDTO = (
  row: Omit<Parameters<typeof storedFields>[0], 'provider'> & { provider: string },
): SessionDTO => ({
  // The stored family is one of the three; providerFamilyOf narrows the column's type.
  ...storedFields({ ...row, provider: providerFamilyOf(row.provider) }),
  folderId: row.groupId,
});

/** The user's session, or NOT_FOUND (also when it belongs to someone else). */
export async function requireSession(
  prisma: PrismaClient,
  userId: string,
  sessionId: string,
  field = 'id',
) {
  const session = await prisma.session.findFirst({ where: { id: sessionId, userId } });
  if (!session) throw notFound('Session', field);
  return session;
}

export interface SessionListQuery {
  groupId?: string;
  /** Only sessions in no group (ignored when `groupId` is given). */
  ungrouped?: boolean;
  favorite?: boolean;
  search?: string;
  cursor?: string;
  limit: number;
}

/**
 * Most recent first; `search` matches titles and message content, case-insensitively. A group
 * that is not the user's is NOT_FOUND on `groupId`, like an unknown one: a mistyped id is an
 * error, not an empty folder.
 */
export async function listSessions(prisma: PrismaClient, userId: string, query: SessionListQuery) {
  const where: Prisma.SessionWhereInput = { userId };
  if (query.groupId) {
    await requireGroup(prisma, userId, query.groupId, 'groupId');
    where.groupId = query.groupId;
  } else if (query.ungrouped) where.groupId = null;
  if (query.favorite !== undefined) where.isFavorite = query.favorite;
  if (query.search) {
    // Prisma passes `contains` to LIKE as is: escape its wildcards so `%` means a percent sign.
    const contains = {
      contains: query.search.replace(/[\\%_]/g, '\\$&'),
      mode: 'insensitive' as const,
    };
    where.OR = [{ title: contains }, { messages: { some: { content: contains } } }];
  }
  let after: Prisma.SessionWhereInput | undefined;
  if (query.cursor) {
    // A cursor from another user's list (or a deleted session) is NOT_FOUND, like any foreign id.
    const anchor = await prisma.session.findFirst({
      where: { id: query.cursor, userId },
      select: { id: true, lastMessageAt: true },
    });
    if (!anchor) throw notFound('Session', 'cursor');
    // Keyset, not Prisma's `cursor` + `skip: 1`: that skips the first row as if it were the
    // cursor's, and drops a real one when the cursor has left the filter since.
    after = {
      OR: [
        { lastMessageAt: { lt: anchor.lastMessageAt } },
        { lastMessageAt: anchor.lastMessageAt, id: { lt: anchor.id } },
      ],
    };
  }
  const rows = await prisma.session.findMany({
    where: after ? { AND: [where, after] } : where,
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(toSessionDTO);
  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

export async function getSession(prisma: PrismaClient, userId: string, id: string) {
  return toSessionDTO(await requireSession(prisma, userId, id));
}

export async function createSession(
  deps: SessionDeps,
  userId: string,
  input: {
    title?: string;
    groupId?: string | null;
    model?: string;
    provider?: ProviderFamily;
    systemPrompt?: string | null;
  },
) {
  const choice = (await chooseModel(deps.models, input)) ?? defaultChoice(deps.models);
  if (input.groupId) await requireGroup(deps.prisma, userId, input.groupId, 'groupId');
  await requireRoomFor(deps.prisma, 'sessions', userId, deps.maxSessionsPerUser);
  const session = await deps.prisma.session.create({
    data: {
      userId,
      title: input.title ?? DEFAULT_TITLE,
      groupId: input.groupId ?? null,
      model: choice.model,
      provider: choice.provider,
      systemPrompt: input.systemPrompt || null,
    },
  });
  return toSessionDTO(session);
}

export async function updateSession(
  deps: SessionDeps,
  userId: string,
  input: {
    id: string;
    title?: string;
    isFavorite?: boolean;
    groupId?: string | null;
    model?: string;
    provider?: ProviderFamily;
    systemPrompt?: string | null;
  },
) {
  const current = await requireSession(deps.prisma, userId, input.id);
  const choice = await chooseModel(deps.models, input, providerFamilyOf(current.provider));
  if (input.groupId) await requireGroup(deps.prisma, userId, input.groupId, 'groupId');
  const session = await deps.prisma.session.update({
    where: { id: input.id },
    data: {
      title: input.title,
      isFavorite: input.isFavorite,
      groupId: input.groupId,
      model: choice?.model,
      provider: choice?.provider,
      systemPrompt: input.systemPrompt === undefined ? undefined : input.systemPrompt || null,
    },
  });
  const dto = toSessionDTO(session);
  await deps.events.append(dto.id, { type: 'session:update', session: dto });
  return dto;
}

/** Delete a session, its messages and its running reply (cancelled first, wherever it runs). */
export async function deleteSession(
  deps: SessionDeps,
  generations: { cancelSession(sessionId: string): Promise<void> },
  userId: string,
  id: string,
) {
  await requireSession(deps.prisma, userId, id);
  await generations.cancelSession(id);
  const { count } = await deps.prisma.session.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound('Session', 'id');
  await deps.events.append(id, { type: 'session:delete', sessionId: id });
  if (deps.storage)
    await removeDetachedFiles({ prisma: deps.prisma, storage: deps.storage }, userId);
  return { id };
}
