import { removeDetachedFiles } from '../attachments/removeFiles';
import type { ChatEvent } from '../realtime/chatEvents';
import type { Message } from '@chatbot/db';
import { badRequest } from '../errors';
import type { MessageDTO } from '../schemas/messages';
import { requireMessage, toMessageDTO } from './messages';
import {
  createPlaceholder,
  lockSession,
  publishAll,
  refuseWhileStreaming,
  type ChatDeps,
} from './send';
import { newestLeafBelow, subtreeIds, type Tx } from './tree';

/**
 * Make the path through `messageId` active, continuing to the most recent leaf below it.
 * Refused (CONFLICT) while a reply streams: the reply's branch would leave the screen while
 * its text still arrives, and the model's history must not change under it.
 */
export async function switchBranch(
  deps: ChatDeps,
  userId: string,
  messageId: string,
): Promise<{ leafId: string | null }> {
  const target = await requireMessage(deps.prisma, userId, messageId);
  const { before, leafId } = await deps.prisma.$transaction(async (tx) => {
    const before = await lockSession(tx, target.sessionId);
    await refuseWhileStreaming(tx, target.sessionId);
    const leafId = await newestLeafBelow(tx, target.id);
    if (leafId !== before)
      await tx.session.update({ where: { id: target.sessionId }, data: { activeLeafId: leafId } });
    return { before, leafId };
  });
  if (leafId !== before)
    await publishAll(deps.events, target.sessionId, [{ type: 'session:branch', leafId }]);
  return { leafId };
}

/**
 * Delete a message and everything below it. When the active path ran through it, the path now
 * ends at the newest leaf under its parent (the parent itself when it has no other children),
 * or at the session's newest leaf when a first message went. Refused while a reply streams.
 */
export async function deleteMessage(
  deps: ChatDeps,
  userId: string,
  messageId: string,
): Promise<{ deletedIds: string[]; leafId: string | null }> {
  const target = await requireMessage(deps.prisma, userId, messageId);
  const sessionId = target.sessionId;
  const result = await deps.prisma.$transaction(async (tx) => {
    const before = await lockSession(tx, sessionId);
    await refuseWhileStreaming(tx, sessionId);
    const deletedIds = await subtreeIds(tx, target.id);
    // The foreign key cascades to the children.
    await tx.message.delete({ where: { id: target.id } });
    let leafId = before;
    if (before === null || deletedIds.includes(before)) {
      if (target.parentId) leafId = await newestLeafBelow(tx, target.parentId);
      else
        leafId =
          (
            await tx.message.findFirst({
              where: { sessionId },
              orderBy: { seq: 'desc' },
              select: { id: true },
            })
          )?.id ?? null;
      await tx.session.update({ where: { id: sessionId }, data: { activeLeafId: leafId } });
    }
    return { deletedIds, leafId, moved: leafId !== before };
  });
  const events: ChatEvent[] = [{ type: 'message:delete', messageIds: result.deletedIds }];
  if (result.moved) events.push({ type: 'session:branch', leafId: result.leafId });
  await publishAll(deps.events, sessionId, events);
  if (deps.storage)
    await removeDetachedFiles({ prisma: deps.prisma, storage: deps.storage }, userId);
  return { deletedIds: result.deletedIds, leafId: result.leafId };
}

/**
 * A new version of an assistant reply: a sibling under the same parent, generated afresh, which
 * becomes the active path's end. The old reply stays (switch back to it with switchBranch).
 */
export async function regenerateReply(
  deps: ChatDeps,
  userId: string,
  messageId: string,
): Promise<MessageDTO> {
  const target = await requireMessage(deps.prisma, userId, messageId);
  if (target.role !== 'assistant')
    throw badRequest('Only an assistant reply can be regenerated', 'messageId');
  return replyUnder(deps, target, async () => ({ parentId: target.parentId, created: [] }));
}

/**
 * A new version of a user message: a sibling with the new text and its own reply. The old
 * message and everything below it stay, on their own branch.
 */
export async function editAndResend(
  deps: ChatDeps,
  userId: string,
  input: { messageId: string; content: string },
): Promise<MessageDTO> {
  const target = await requireMessage(deps.prisma, userId, input.messageId);
  if (target.role !== 'user') throw badRequest('Only a user message can be edited', 'messageId');
  return replyUnder(deps, target, async (tx) => {
    const edited = await tx.message.create({
      data: {
        sessionId: target.sessionId,
        parentId: target.parentId,
        role: 'user',
        content: input.content,
      },
    });
    return { parentId: edited.id, created: [edited] };
  });
}

/** Shared by regenerate and edit: add messages under the tree, then start a new reply. */
async function replyUnder(
  deps: ChatDeps,
  target: Message,
  add: (tx: Tx) => Promise<{ parentId: string | null; created: Message[] }>,
): Promise<MessageDTO> {
  const session = await deps.prisma.session.findUniqueOrThrow({ where: { id: target.sessionId } });
  const { placeholder, created } = await deps.prisma.$transaction(async (tx) => {
    await lockSession(tx, session.id);
    await refuseWhileStreaming(tx, session.id);
    const added = await add(tx);
    return {
      created: added.created,
      placeholder: await createPlaceholder(tx, session.id, session.model, added.parentId),
    };
  });
  const dto = toMessageDTO(placeholder);
  await publishAll(deps.events, session.id, [
    ...created.map((message) => ({ type: 'message:new', message: toMessageDTO(message) }) as const),
    { type: 'message:new', message: dto },
    { type: 'session:branch', leafId: placeholder.id },
  ]);
  deps.generations.start({
    sessionId: session.id,
    messageId: placeholder.id,
    model: session.model,
    systemPrompt: session.systemPrompt,
  });
  return dto;
}
