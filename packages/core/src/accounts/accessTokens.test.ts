import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAccessTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './accessTokens';
import { createStreamTickets } from './streamTickets';

const secret = 'a-test-secret-of-sufficient-length-for-hs256';
const ttlSeconds = 900;
const tokens = createAccessTokens(secret, ttlSeconds);

afterEach(() => {
  vi.useRealTimers();
});

/** The token with its payload changed and its signature kept. */
function withClaims(token: string, claims: Record<string, unknown>) {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  const changed = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return [header, changed, signature].join('.');
}

function signed(
  options: { alg?: string; iss?: string; aud?: string; sub?: string } = {},
  key: string = secret,
) {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuer(options.iss ?? TOKEN_ISSUER)
    .setAudience(options.aud ?? TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m');
  if (options.sub !== undefined) jwt.setSubject(options.sub);
  return jwt.sign(new TextEncoder().encode(key));
}

describe('access tokens', () => {
  it('verify to the user they were signed for', async () => {
    expect(await tokens.verify(await tokens.sign({ userId: 'user-1' }))).toEqual({
      userId: 'user-1',
    });
    expect(tokens.ttlSeconds).toBe(ttlSeconds);
  });

  it('are accepted until they expire, and refused after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const token = await tokens.sign({ userId: 'user-1' });
    vi.setSystemTime(new Date(Date.now() + (ttlSeconds - 1) * 1000));
    expect(await tokens.verify(token)).toEqual({ userId: 'user-1' });
    vi.setSystemTime(new Date(Date.now() + 2000));
    expect(await tokens.verify(token)).toBeUndefined();
  });

  it('are refused when their claims were changed after signing', async () => {
    const token = await tokens.sign({ userId: 'user-1' });
    expect(await tokens.verify(withClaims(token, { sub: 'user-2' }))).toBeUndefined();
    expect(await tokens.verify(withClaims(token, { exp: 4_102_444_800 }))).toBeUndefined();
  });

  it('are refused when signed with another secret', async () => {
    const foreign = createAccessTokens('another-secret-of-sufficient-length!!', ttlSeconds);
    expect(await tokens.verify(await foreign.sign({ userId: 'user-1' }))).toBeUndefined();
  });

  it('are refused from another issuer or for another audience', async () => {
    expect(await tokens.verify(await signed({ sub: 'user-1' }))).toEqual({ userId: 'user-1' });
    expect(await tokens.verify(await signed({ sub: 'user-1', iss: 'someone-else' }))).toBe(
      undefined,
    );
    expect(await tokens.verify(await signed({ sub: 'user-1', aud: 'other-api' }))).toBe(undefined);
  });

  it('are refused without a subject', async () => {
    expect(await tokens.verify(await signed())).toBeUndefined();
  });

  it('are refused when signed with another algorithm or none', async () => {
    expect(await tokens.verify(await signed({ sub: 'user-1', alg: 'HS512' }))).toBeUndefined();
    const [, payload] = (await tokens.sign({ userId: 'user-1' })).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await tokens.verify(unsigned)).toBeUndefined();
  });

  it('refuse a stream ticket signed with the same secret', async () => {
    const ticket = await createStreamTickets(secret).issue('user-1', 'session-1');
    expect(await tokens.verify(ticket)).toBeUndefined();
  });

  it('refuse what is not a token at all', async () => {
    expect(await tokens.verify('')).toBeUndefined();
    expect(await tokens.verify('not.a.token')).toBeUndefined();
  });
});
