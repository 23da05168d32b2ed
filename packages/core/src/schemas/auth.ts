import { z } from 'zod';
import { LIMITS, zString } from './common';
import { isStrongPassword, WEAK_PASSWORD_MESSAGE } from './passwordStrength';

export const zEmail = zString()
  .trim()
  .max(LIMITS.email, `must be at most ${LIMITS.email} characters`)
  .pipe(z.email('must be an email address'))
  .transform((email) => email.toLowerCase());

/** A new password: long enough, and not one a guesser tries early (zxcvbn's estimate). */
export const zPassword = zString()
  .min(LIMITS.passwordMin, {
    message: `must be at least ${LIMITS.passwordMin} characters`,
    abort: true,
  })
  .max(LIMITS.passwordMax, {
    message: `must be at most ${LIMITS.passwordMax} characters`,
    abort: true,
  })
  .refine(isStrongPassword, WEAK_PASSWORD_MESSAGE);

export const registerInput = z.object({
  email: zEmail,
  password: zPassword,
  name: zString().trim().min(1).max(LIMITS.userName).optional(),
});

export const loginInput = z.object({
  email: zEmail,
  // Any length is checked (and refused) the same way, so the message reveals nothing.
  password: zString().min(1, 'is required').max(LIMITS.passwordMax),
});

/** The password confirms it is the owner; an account without one needs a recent sign-in instead. */
export const deleteAccountInput = z
  .object({ password: zString().max(LIMITS.passwordMax).optional() })
  .default({});

export const refreshInput = z.object({
  refreshToken: zString().min(1, 'is required').max(200),
});

/** The one-time code the server's Google sign-in hands to the client. */
export const loginCodeInput = z.object({
  code: zString().min(1, 'is required').max(200),
  /** The PKCE verifier whose S256 challenge started the sign-in (GET /auth/google). */
  codeVerifier: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43-128 characters: letters, digits, . _ ~ -')
    .optional(),
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
