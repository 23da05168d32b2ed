import type { IncomingMessage } from 'node:http';
import { clientIp } from '@chatbot/api';
import type { Config } from '@chatbot/config';

/** The client's address under TRUST_PROXY (the same rule as the tRPC context and the web app). */
export function requestIp(req: IncomingMessage, trust: Config['http']['trustProxy']) {
  const forwarded = req.headers['x-forwarded-for'];
  return clientIp(
    {
      remoteAddress: req.socket.remoteAddress,
      forwardedFor: Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    },
    trust,
  );
}
