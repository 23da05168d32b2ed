import { errors, jwtVerify, SignJWT } from 'jose';
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
}

export function createStreamTickets(secret: string, ttlSeconds = 120): StreamTickets {
  const key = new TextEncoder().encode(secret);
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
        .sign(key);
    },
    async verify(ticket, sessionId) {
      try {
        const { payload } = await jwtVerify(ticket, key, {
          algorithms: [ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TICKET_AUDIENCE,
          requiredClaims: ['sub', 'exp', 'sid'],
        });
        return payload.sid === sessionId ? payload.sub : undefined;
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
