import { describe, expect, it } from 'vitest';
import { createSubscriptionSlots } from './subscriptionSlots';

describe('createSubscriptionSlots', () => {
  it('lets a user hold up to the cap, then refuses with TOO_MANY_REQUESTS', () => {
    const slots = createSubscriptionSlots(2);
    slots.acquire('ann');
    slots.acquire('ann');
    expect(slots.open('ann')).toBe(2);
    let refusal: unknown;
    try {
      slots.acquire('ann');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      name: 'DomainError',
      kind: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 1,
    });
    expect(slots.open('ann')).toBe(2);
  });

  it('counts each user separately', () => {
    const slots = createSubscriptionSlots(1);
    slots.acquire('ann');
    expect(() => slots.acquire('bob')).not.toThrow();
    expect(slots.open('bob')).toBe(1);
  });

  it('frees a slot on release, so another stream can open', () => {
    const slots = createSubscriptionSlots(1);
    const release = slots.acquire('ann');
    release();
    expect(slots.open('ann')).toBe(0);
    expect(() => slots.acquire('ann')).not.toThrow();
  });

  it("releases exactly once: a second call does not free another stream's slot", () => {
    const slots = createSubscriptionSlots(2);
    const first = slots.acquire('ann');
    slots.acquire('ann');
    first();
    first();
    expect(slots.open('ann')).toBe(1);
    slots.acquire('ann');
    expect(() => slots.acquire('ann')).toThrow(/At most 2 event streams/);
  });

  it('reports zero for a user with nothing open', () => {
    expect(createSubscriptionSlots(3).open('nobody')).toBe(0);
  });
});
