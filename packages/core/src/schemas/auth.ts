import { z } from 'zod';
import { LIMITS } from './common';

export const zEmail = z
  .string()
  .trim()
  .max(LIMITS.email, `must be at most ${LIMITS.email} characters`)
  .pipe(z.email('must be an email address'))
  .transform((email) => email.toLowerCase());

export const zPassword = z
  .string()
  .min(LIMITS.passwordMin, `must be at least ${LIMITS.passwordMin} characters`)
  .max(LIMITS.passwordMax, `must be at most ${LIMITS.passwordMax} characters`);

export const registerInput = z.object({
  email: zEmail,
  password: zPassword,
  name: z.string().trim().min(1).max(LIMITS.userName).optional(),
});

export const loginInput = z.object({
  email: zEmail,
  // Any length is checked (and refused) the same way, so the message reveals nothing.
  password: z.string().min(1, 'is required').max(LIMITS.passwordMax),
});

export const refreshInput = z.object({
  refreshToken: z.string().min(1, 'is required').max(200),
});

/** The one-time code the server's Google sign-in hands to the client. */
export const loginCodeInput = z.object({
  code: z.string().min(1, 'is required').max(200),
});

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  image: z.string().nullable(),
  createdAt: z.date(),
});
export type UserDTO = z.infer<typeof userOutput>;

export const tokenPairOutput = z.object({
  user: userOutput,
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number(),
});
export type TokenPair = z.infer<typeof tokenPairOutput>;
