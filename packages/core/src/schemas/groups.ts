import { z } from 'zod';
import { LIMITS, zId, zText } from './common';

export const groupOutput = z.object({
  id: z.string(),
  name: z.string(),
  isFavorite: z.boolean(),
  sessionCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type GroupDTO = z.infer<typeof groupOutput>;

export const groupCreateInput = z.object({ name: zText(LIMITS.groupName) });

export const groupUpdateInput = z.object({
  id: zId,
  name: zText(LIMITS.groupName).optional(),
  isFavorite: z.boolean().optional(),
});

export const groupIdInput = z.object({ id: zId });
