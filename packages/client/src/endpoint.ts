const EXAMPLES =
  "the server's address (http://localhost:3001) or its tRPC endpoint, which ends in /trpc " +
  '(http://localhost:3001/trpc, or https://your-web-app/api/trpc)';

/**
 * The tRPC endpoint for what a caller passed: the endpoint itself, or the standalone server's
 * address, to which `/trpc` is added. Anything else is refused here, with the forms that work,
 * rather than failing later as a server's HTML page that "cannot be transformed".
 */
export function trpcEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Chat client url "${url}" is not a URL: pass ${EXAMPLES}.`);
  }
  // A WebSocket address names the same endpoint; the client derives ws:// itself.
  const protocol = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' }[
    parsed.protocol
  ];
  if (!protocol) throw new TypeError(`Chat client url "${url}" must be http(s): pass ${EXAMPLES}.`);
  if (parsed.search || parsed.hash)
    throw new TypeError(`Chat client url "${url}" has a query or fragment: pass ${EXAMPLES}.`);
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== '' && !path.endsWith('/trpc'))
    throw new TypeError(`Chat client url "${url}" is not a tRPC endpoint: pass ${EXAMPLES}.`);
  return `${protocol}//${parsed.host}${path || '/trpc'}`;
}
