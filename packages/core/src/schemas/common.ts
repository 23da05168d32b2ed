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

/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the text: no NUL, and no lone surrogate (it has no UTF-8). */
export const isStorableText = (value: string) =>
  !value.includes('\u0000') && !LONE_SURROGATE.test(value);

export const UNSTORABLE_MESSAGE = 'must not contain NUL characters or broken Unicode';

/**
 * Every text input starts here. PostgreSQL refuses NUL in text, and a lone surrogate has no
 * UTF-8 form: both would fail deep in the database as a 500, so they are a 400 up front.
 */
export const zString = () =>
  z.string().refine(isStorableText, { message: UNSTORABLE_MESSAGE, abort: true });

/** Trimmed, non-empty text up to `max` characters. */
export const zText = (max: number) =>
  zString().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const zCursor = zId.optional();

export const zLimit = (fallback: number, max: number) =>
  z.number().int().min(1).max(max, `must be at most ${max}`).default(fallback);

/** A page of a cursor-paginated list. `nextCursor` is absent on the last page. */
export const zPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** What a delete answers: the original backend's `{ ok: true }`, with the deleted row's id. */
export const deletedOutput = z.object({ ok: z.literal(true), id: z.string() });
export const deleted = (id: string) => ({ ok: true as const, id });
