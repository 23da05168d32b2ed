import 'server-only';
import { isDomainError, type App } from '@chatbot/core';
import { passwordSignIn } from '@chatbot/core/accounts';
import { loginInput } from '@chatbot/core/schemas';
import { rateLimitedError, SIGN_IN_FAILED } from '@/lib/signInErrors';
import { requestClientIp } from './clientAddress';

type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * The Credentials provider's `authorize`: the API's own input schema, then the one password
 * sign-in every door goes through (its rate limits included). null is "wrong email or
 * password"; a thrown Error's message becomes the form's `?error=`, so it is only ever one of
 * the codes in lib/signInErrors.ts.
 */
export async function authorizeCredentials(
  app: App,
  credentials: Record<string, string> | undefined,
  request: { headers?: HeaderBag },
) {
  const input = loginInput.safeParse({
    email: credentials?.email,
    password: credentials?.password,
  });
  if (!input.success) return null;
  try {
    const user = await passwordSignIn(
      { prisma: app.database.prisma, rateLimits: app.rateLimits },
      { ...input.data, ip: requestClientIp(request.headers ?? {}, app.config.http.trustProxy) },
    );
    return { id: user.id, email: user.email, name: user.name, image: user.image };
  } catch (error) {
    if (isDomainError(error) && error.kind === 'UNAUTHORIZED') return null;
    if (isDomainError(error) && error.kind === 'TOO_MANY_REQUESTS')
      throw new Error(rateLimitedError(error.retryAfterSeconds ?? 60), { cause: error });
    app.logger.error({ err: error }, 'password sign-in failed');
    throw new Error(SIGN_IN_FAILED, { cause: error });
  }
}
