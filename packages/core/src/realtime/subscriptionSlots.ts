import { DomainError } from '../errors';

/**
 * A cap on the event streams one user holds open on this instance, so one account (or one
 * leaked token) cannot pin an instance's memory with thousands of idle subscriptions.
 */
export interface SubscriptionSlots {
  /** Take a slot, or throw TOO_MANY_REQUESTS. The returned function frees it (once). */
  acquire(userId: string): () => void;
  open(userId: string): number;
}

export function createSubscriptionSlots(maxPerUser: number): SubscriptionSlots {
  const openByUser = new Map<string, number>();
  return {
    acquire(userId) {
      const open = openByUser.get(userId) ?? 0;
      if (open >= maxPerUser) {
        throw new DomainError(
          'TOO_MANY_REQUESTS',
          `At most ${maxPerUser} event streams may be open at once; close one first`,
          undefined,
          1,
        );
      }
      openByUser.set(userId, open + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (openByUser.get(userId) ?? 1) - 1;
        if (left > 0) openByUser.set(userId, left);
        else openByUser.delete(userId);
      };
    },
    open: (userId) => openByUser.get(userId) ?? 0,
  };
}
