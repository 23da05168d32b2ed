import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** The one algorithm accepted; a token signed any other way (or "none") is refused. */
const ALGORITHM = 'HS256';
export const TOKEN_ISSUER = 'chatbot-ai';
export const TOKEN_AUDIENCE = 'chatbot-ai:api';

export interface AccessTokenClaims {
  userId: string;
  /**
   * When the user last proved who they are (seconds since the epoch): the sign-in, kept across
   * refreshes (OIDC's `auth_time`). Defaults to now.
   */
  authTime?: number;
}

export interface VerifiedAccessToken {
  userId: string;
  authTime: number;
}

export interface AccessTokens {
  readonly ttlSeconds: number;
  sign(claims: AccessTokenClaims): Promise<string>;
  /** The user of a valid token, or undefined for an expired, tampered or foreign one. */
  verify(token: string): Promise<{ userId: string } | undefined>;
  /** `verify`, with the time of the sign-in the token descends from. */
  inspect(token: string): Promise<VerifiedAccessToken | undefined>;
}

export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  async function inspect(token: string): Promise<VerifiedAccessToken | undefined> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (!payload.sub) return undefined;
      // Without auth_time (a token signed elsewhere), its issue time is the latest sign-in.
      const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : payload.iat!;
      return { userId: payload.sub, authTime };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }

  return {
    ttlSeconds,
    sign({ userId, authTime }) {
      return new SignJWT({ auth_time: authTime ?? Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      const verified = await inspect(token);
      return verified && { userId: verified.userId };
    },
    inspect,
  };
}
