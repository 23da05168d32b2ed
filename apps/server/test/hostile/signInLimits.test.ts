import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueEmail, type TestServer } from '../harness';
import { restClient } from '../rest/restClient';

/**
 * Lockout as a weapon (OWASP): wrong passwords from anywhere must not keep the owner out, and
 * one IP guessing is slowed down. One trusted proxy hop, so X-Forwarded-For names the client.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_AUTH_PER_MINUTE: '10',
    TRUST_PROXY: '1',
  });
});
afterAll(async () => {
  await t?.close();
});

const password = 'correct horse battery';
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

async function registered() {
  const email = uniqueEmail('owner');
  const answer = await restClient(t.server.url).post(
    '/auth/register',
    { email, password },
    from('172.16.0.1'),
  );
  expect(answer.status).toBe(201);
  return email;
}

describe('password sign-in limits over the wire', () => {
  it('ten wrong passwords from ten IPs do not keep the owner out', async () => {
    const email = await registered();
    const anonymous = restClient(t.server.url);
    for (let ip = 1; ip <= 10; ip += 1) {
      const guess = await anonymous.post(
        '/auth/login',
        { email, password: 'wrong guess' },
        from(`10.9.0.${ip}`),
      );
      expect(guess.status).toBe(401);
    }
    const owner = await anonymous.post('/auth/login', { email, password }, from('192.168.9.9'));
    expect(owner.status).toBe(200);
  });

  it('one IP guessing is answered 429 with Retry-After', async () => {
    const email = await registered();
    const anonymous = restClient(t.server.url);
    const statuses = [];
    let refused;
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const answer = await anonymous.post(
        '/auth/login',
        { email, password: 'wrong guess' },
        from('10.8.0.1'),
      );
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('register stays limited per IP', async () => {
    const anonymous = restClient(t.server.url);
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const answer = await anonymous.post(
        '/auth/register',
        { email: uniqueEmail('many'), password },
        from('10.7.0.1'),
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);
  });
});
