import type { ModelCatalog } from '@chatbot/ai';
import type { Prisma, PrismaClient } from '@chatbot/db';
import { badRequest, notFound } from '../errors';
import type { EventLog } from '../realtime/eventLog';
import { dtoMapper } from '../schemas/dto';
import { sessionOutput } from '../schemas/sessions';
import { requireGroup } from './groups';
import { requireRoomFor } from './quotas';

export const DEFAULT_TITLE = 'New chat';

export interface SessionDeps {
  prisma: PrismaClient;
  models: ModelCatalog;
  /** Open chats in other tabs and devices hear about renames, moves and deletion. */
  events: EventLog;
  /** The account's quota of sessions (refused with CONFLICT when reached); none when absent. */
  maxSessionsPerUser?: number;
}

/** The API's view of a stored session (the fields `sessionOutput` lists). */
export const toSessionDTO = dtoMapper(sessionOutput);

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

function checkModel(models: ModelCatalog, model: string | undefined) {
  if (model !== undefined && !models.resolve(model)) {
    throw badRequest(`Unknown model "${model}"; models.list shows the ones available`, 'model');
  }
}

export interface SessionListQuery {
  groupId?: string;
  favorite?: boolean;
  search?: string;
  cursor?: string;
  limit: number;
}

/** Most recent first; `search` matches titles and message content, case-insensitively. */
export async function listSessions(prisma: PrismaClient, userId: string, query: SessionListQuery) {
  const where: Prisma.SessionWhereInput = { userId };
  if (query.groupId) where.groupId = query.groupId;
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
  input: { title?: string; groupId?: string | null; model?: string; systemPrompt?: string | null },
) {
  checkModel(deps.models, input.model);
  if (input.groupId) await requireGroup(deps.prisma, userId, input.groupId, 'groupId');
  await requireRoomFor(deps.prisma, 'sessions', userId, deps.maxSessionsPerUser);
  const session = await deps.prisma.session.create({
    data: {
      userId,
      title: input.title ?? DEFAULT_TITLE,
      groupId: input.groupId ?? null,
      model: input.model ?? deps.models.defaultModel,
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
    systemPrompt?: string | null;
  },
) {
  await requireSession(deps.prisma, userId, input.id);
  checkModel(deps.models, input.model);
  if (input.groupId) await requireGroup(deps.prisma, userId, input.groupId, 'groupId');
  const session = await deps.prisma.session.update({
    where: { id: input.id },
    data: {
      title: input.title,
      isFavorite: input.isFavorite,
      groupId: input.groupId,
      model: input.model,
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
  return { id };
}
