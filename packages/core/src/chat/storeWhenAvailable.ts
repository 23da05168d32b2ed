import { describeOutage } from '../errors';

/**
 * Run a write, and while the database (or Redis) is unreachable, run it again with backoff for
 * up to about a minute. A reply's final state must not be lost to a database restart: without
 * this it would stay `streaming` until some instance swept it up as interrupted.
 */
export async function storeWhenAvailable<T>(
  write: () => Promise<T>,
  { attempts = 40, firstDelayMs = 100, maxDelayMs = 2_000 } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!describeOutage(error) || attempt >= attempts) throw error;
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
