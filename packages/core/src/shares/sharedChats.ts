import type { ModelCatalog } from '@chatbot/ai';
import { linkAsLinearPath, type PrismaClient } from '@chatbot/db';
import { notFound } from '../errors';
import { providerFamilyOf } from '../schemas/models';
import { shareSnapshot, type SharedChat } from '../schemas/shares';
import type { SessionDTO } from '../schemas/sessions';
import { defaultChoice } from '../sessions/modelChoice';
import { requireRoomFor } from '../sessions/quotas';
import { toSessionDTO } from '../sessions/sessions';
import { isShareTokenShaped } from './tokens';

/** One answer for a malformed, unknown or revoked token: a probe learns nothing. */
const noSuchLink = () => notFound('Shared chat', 'token');

/** The snapshot behind a token, for anyone who holds it (no sign-in). */
export async function getSharedChat(prisma: PrismaClient, token: string): Promise<SharedChat> {
  if (!isShareTokenShaped(token)) throw noSuchLink();
  const row = await prisma.sharedLink.findUnique({ where: { token } });
  if (!row) throw noSuchLink();
  return {
    ...shareSnapshot.parse(row.snapshot),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface ContinueDeps {
  prisma: PrismaClient;
  models: ModelCatalog;
  maxSessionsPerUser?: number;
}

/**
 * Copy a shared chat into a new session of the caller's: its title, its model when this server
 * serves it (else the default), and its messages with their statuses and times. The original
 * and its link are untouched.
 */
export async function continueSharedChat(
  deps: ContinueDeps,
  userId: string,
  token: string,
): Promise<SessionDTO> {
  const shared = await getSharedChat(deps.prisma, token);
  await requireRoomFor(deps.prisma, 'sessions', userId, deps.maxSessionsPerUser);
  const served = deps.models.resolve(shared.model);
  const choice = served
    ? { model: shared.model, provider: providerFamilyOf(served.provider.name) }
    : defaultChoice(deps.models);
  // One transaction: the copy appears whole, its messages already one path with its leaf.
  const session = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.session.create({
      data: {
        userId,
        title: shared.title,
        model: choice.model,
        provider: choice.provider,
        messages: {
          // createMany keeps the order: sequence numbers follow the array.
          createMany: {
            data: shared.messages.map((message) => ({
              role: message.role,
              content: message.content,
              status: message.status,
              createdAt: message.createdAt,
            })),
          },
        },
      },
    });
    await linkAsLinearPath(tx, created.id);
    return tx.session.findUniqueOrThrow({ where: { id: created.id } });
  });
  return toSessionDTO(session);
}
