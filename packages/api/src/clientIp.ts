/**
 * The client's address for rate limits and logs. `X-Forwarded-For` is written by anyone, so it
 * counts only as far as TRUST_PROXY says: the connection's peer is the nearest hop, and each
 * trusted proxy vouches for the address before it.
 */
export function clientIp(
  request: { remoteAddress?: string; forwardedFor?: string | null },
  trust: { hops: number } | { proxies: string[] },
): string | undefined {
  const forwarded = (request.forwardedFor ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  // Nearest last: [client?, proxy1, ..., the connection's peer].
  const chain = request.remoteAddress ? [...forwarded, request.remoteAddress] : forwarded;
  if (chain.length === 0) return undefined;
  if ('hops' in trust) {
    const trusted = request.remoteAddress ? trust.hops : Math.max(0, trust.hops - 1);
    return chain[Math.max(0, chain.length - 1 - trusted)];
  }
  const proxies = new Set(trust.proxies.map(normalise));
  for (let index = chain.length - 1; index > 0; index -= 1) {
    if (!proxies.has(normalise(chain[index]!))) return chain[index];
  }
  return chain[0];
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
function normalise(address: string) {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
