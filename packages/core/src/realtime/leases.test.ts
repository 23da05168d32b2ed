import { describe, expect, it } from 'vitest';
import { createMemoryLeases } from './leases';

describe('createMemoryLeases', () => {
  it('reports as unheld exactly the replies no lease is held for', async () => {
    const leases = createMemoryLeases();
    await leases.acquire('a');
    await leases.acquire('b');
    await leases.release('b');
    expect(await leases.unheld(['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('forgets every lease on close', async () => {
    const leases = createMemoryLeases();
    await leases.acquire('a');
    await leases.close();
    expect(await leases.unheld(['a'])).toEqual(['a']);
  });
});
