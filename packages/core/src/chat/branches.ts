import { removeDetachedFiles } from '../attachments/removeFiles';
import type { ChatEvent } from '../realtime/chatEvents';
import { requireMessage } from './messages';
import { lockSession, publishAll, refuseWhileStreaming, type ChatDeps } from './send';
import { newestLeafBelow, subtreeIds } from './tree';

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
