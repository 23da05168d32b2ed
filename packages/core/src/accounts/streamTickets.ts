import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { createMemoryOnceKeys, type OnceKeys } from '../realtime/onceKeys';
import { TOKEN_ISSUER } from './accessTokens';

/**
 * Stream tickets let a browser's EventSource (which cannot send headers) open one session's
 * event stream without putting the access token in a URL. A ticket is a JWT with its own
 * audience: it opens that one stream for that user for a short while, and it is refused
 * everywhere an access token is expected (and vice versa).
 */
const ALGORITHM = 'HS256';
const TICKET_AUDIENCE = 'chatbot-ai:stream';

export interface StreamTickets {
  readonly ttlSeconds: number;
  issue(userId: string, sessionId: string): Promise<string>;
  /** The user the ticket was issued to, if it is valid for this session. */
  verify(ticket: string, sessionId: string): Promise<string | undefined>;
  /**
   * Like `verify`, but a ticket opens a stream once: every later use is refused until it
   * expires (a ticket seen in a log or a history is worthless).
   */
  redeem(ticket: string, sessionId: string): Promise<string | undefined>;
}

export function createStreamTickets(
  secret: string,
  ttlSeconds = 120,
  used: OnceKeys = createMemoryOnceKeys(),
): StreamTickets {
  const key = new TextEncoder().encode(secret);
  const claims = async (ticket: string, sessionId: string) => {
    try {
      const { payload } = await jwtVerify(ticket, key, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TICKET_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'sid'],
      });
      return payload.sid === sessionId ? payload : undefined;
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  };
  return {
    ttlSeconds,
    issue(userId, sessionId) {
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TICKET_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(key);
    },
    async verify(ticket, sessionId) {
      return (await claims(ticket, sessionId))?.sub;
    },
    async redeem(ticket, sessionId) {
      const payload = await claims(ticket, sessionId);
      if (!payload?.jti || !payload.exp) return undefined;
      const lifeLeftMs = payload.exp * 1000 - Date.now();
      return (await used.claim(`ticket:${payload.jti}`, lifeLeftMs)) ? payload.sub : undefined;
    },
  };
}
