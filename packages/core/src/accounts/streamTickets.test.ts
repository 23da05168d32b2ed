import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAccessTokens } from './accessTokens';
import { createStreamTickets } from './streamTickets';

const secret = 'a-test-secret-of-sufficient-length-for-hs256';
const tickets = createStreamTickets(secret);

afterEach(() => {
  vi.useRealTimers();
});

/** The ticket with its payload changed and its signature kept. */
function withClaims(ticket: string, claims: Record<string, unknown>) {
  const [header, payload, signature] = ticket.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  const changed = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return [header, changed, signature].join('.');
}

describe('stream tickets', () => {
  it('verify to the user they were issued to, for their session', async () => {
    const ticket = await tickets.issue('user-1', 'session-1');
    expect(await tickets.verify(ticket, 'session-1')).toBe('user-1');
  });

  it('are refused for any other session', async () => {
    const ticket = await tickets.issue('user-1', 'session-1');
    expect(await tickets.verify(ticket, 'session-2')).toBeUndefined();
  });

  it('are refused when their session or user was changed after issue', async () => {
    const ticket = await tickets.issue('user-1', 'session-1');
    expect(await tickets.verify(withClaims(ticket, { sid: 'session-2' }), 'session-2')).toBe(
      undefined,
    );
    expect(await tickets.verify(withClaims(ticket, { sub: 'user-2' }), 'session-1')).toBe(
      undefined,
    );
  });

  it('are accepted until they expire, and refused after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const ticket = await tickets.issue('user-1', 'session-1');
    vi.setSystemTime(new Date(Date.now() + (tickets.ttlSeconds - 1) * 1000));
    expect(await tickets.verify(ticket, 'session-1')).toBe('user-1');
    vi.setSystemTime(new Date(Date.now() + 2000));
    expect(await tickets.verify(ticket, 'session-1')).toBeUndefined();
  });

  it('are refused when issued with another secret', async () => {
    const foreign = createStreamTickets('another-secret-of-sufficient-length!!');
    expect(await tickets.verify(await foreign.issue('user-1', 'session-1'), 'session-1')).toBe(
      undefined,
    );
  });

  it('cannot be replaced by an access token signed with the same secret', async () => {
    const accessToken = await createAccessTokens(secret, 900).sign({ userId: 'user-1' });
    expect(await tickets.verify(accessToken, 'session-1')).toBeUndefined();
  });
});
