import { describe, expect, it } from 'vitest';
import { storeWhenAvailable } from './storeWhenAvailable';

const fast = { firstDelayMs: 1, maxDelayMs: 2 };
const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'));

describe('storeWhenAvailable', () => {
  it('retries a write while the database is unreachable, then returns its result', async () => {
    let calls = 0;
    const result = await storeWhenAvailable(async () => {
      calls += 1;
      if (calls < 3) throw outage();
      return 'stored';
    }, fast);
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('rethrows any other error at once', async () => {
    let calls = 0;
    const failure = new Error('Record to update not found');
    await expect(
      storeWhenAvailable(async () => {
        calls += 1;
        throw failure;
      }, fast),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt with the outage error', async () => {
    let calls = 0;
    await expect(
      storeWhenAvailable(
        async () => {
          calls += 1;
          throw outage();
        },
        { ...fast, attempts: 4 },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBe(4);
  });
});
