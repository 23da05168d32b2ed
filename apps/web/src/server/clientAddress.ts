import { clientIp } from '@chatbot/api';
import type { Config } from '@chatbot/config';

/** Headers the web server (scripts/server.mjs) writes over whatever the client sent. */
export const PEER_HEADER = 'x-chatbot-peer';
export const ORIGINAL_FORWARDED_FOR_HEADER = 'x-chatbot-forwarded-for';

/** Set by scripts/server.mjs in this process: the two headers above can be believed. */
const stamp = globalThis as unknown as { chatbotPeerStamped?: boolean };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function read(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The client's address under TRUST_PROXY, the same rule as every other door. `next start` only
 * fills X-Forwarded-For with the socket's peer when the client sent none, so the peer comes from
 * our own server's stamp; without it (plain `next start`, `next dev`) only the forwarded header
 * is known.
 */
export function requestClientIp(
  headers: HeaderSource,
  trust: Config['http']['trustProxy'],
): string | undefined {
  if (stamp.chatbotPeerStamped) {
    return clientIp(
      {
        remoteAddress: read(headers, PEER_HEADER) || undefined,
        forwardedFor: read(headers, ORIGINAL_FORWARDED_FOR_HEADER),
      },
      trust,
    );
  }
  return clientIp({ forwardedFor: read(headers, 'x-forwarded-for') }, trust);
}
