import { purgeDetached, type PurgeDeps } from './sweep';

/**
 * After a message or session deletion: remove the user's now-detached files. Best effort: the
 * deletion already happened, and the periodic sweep retries whatever fails here.
 */
export async function removeDetachedFiles(deps: PurgeDeps, userId: string) {
  await purgeDetached(deps, userId).catch(() => undefined);
}
