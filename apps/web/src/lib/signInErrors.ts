/**
 * The error codes the Credentials sign-in hands the sign-in form (next-auth puts an error's
 * message in `?error=`): a fixed list, so no internal text ever reaches the browser.
 */
export const SIGN_IN_RATE_LIMITED = 'RateLimited';
export const SIGN_IN_FAILED = 'SignInFailed';

/** `RateLimited:42`: the wait travels in the code. */
export const rateLimitedError = (seconds: number) => `${SIGN_IN_RATE_LIMITED}:${seconds}`;

export function retryAfterOf(error: string): number | undefined {
  const match = new RegExp(`^${SIGN_IN_RATE_LIMITED}:(\\d+)$`).exec(error);
  return match ? Number(match[1]) : undefined;
}
