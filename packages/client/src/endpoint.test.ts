import { describe, expect, it } from 'vitest';
import { trpcEndpoint } from './endpoint';

describe('trpcEndpoint', () => {
  it("adds the standalone server's /trpc to a bare address and keeps an endpoint", () => {
    expect(trpcEndpoint('http://localhost:3001')).toBe('http://localhost:3001/trpc');
    expect(trpcEndpoint('http://localhost:3001/')).toBe('http://localhost:3001/trpc');
    expect(trpcEndpoint('http://localhost:3001/trpc/')).toBe('http://localhost:3001/trpc');
    expect(trpcEndpoint('https://chat.example/api/trpc')).toBe('https://chat.example/api/trpc');
    expect(trpcEndpoint('wss://chat.example/trpc')).toBe('https://chat.example/trpc');
  });

  it('refuses, with the forms that work, what is no tRPC endpoint', () => {
    for (const url of [
      'localhost:3001',
      'foo',
      'ftp://host/trpc',
      'http://host:3001/api',
      'http://host:3001/trpc?x=1',
    ])
      expect(() => trpcEndpoint(url)).toThrow(/ends in \/trpc/);
  });
});
