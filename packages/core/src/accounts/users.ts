import type { PrismaClient } from '@chatbot/db';
import { dtoMapper } from '../schemas/dto';
import { userOutput } from '../schemas/auth';

/** The API's view of a stored user (the fields `userOutput` lists: never the password hash). */
export const toUserDTO = dtoMapper(userOutput);

/** Whether the user still exists: one primary-key lookup, for every signed-in request. */
export async function userExists(prisma: PrismaClient, userId: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  return user !== null;
}
