import { z } from 'zod';

/** Row ids are cuids; anything longer or with other characters cannot exist. */
export const zId = z
  .string()
  .min(1, 'is required')
  .max(64, 'is not a valid id')
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id');

export const LIMITS = {
  title: 200,
  groupName: 100,
  userName: 100,
  model: 200,
  systemPrompt: 20_000,
  messageContent: 100_000,
  search: 200,
  clientId: 100,
  email: 254,
  passwordMin: 8,
  // argon2 work grows with input; cap it so a login cannot become a CPU sink.
  passwordMax: 256,
} as const;

/** Trimmed, non-empty text up to `max` characters. */
export const zText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const zCursor = zId.optional();

export const zLimit = (fallback: number, max: number) =>
  z.number().int().min(1).max(max, `must be at most ${max}`).default(fallback);

/** A page of a cursor-paginated list. `nextCursor` is absent on the last page. */
export const zPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
