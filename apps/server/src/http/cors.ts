import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'authorization, content-type, x-request-id, trpc-accept, last-event-id';
const ALLOWED_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS';

/** Same-origin requests (the Origin names this very host) need no allowlist entry. */
function isSameOrigin(origin: string, host: string | undefined) {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** An allowlist entry ending in `:*` (e.g. `http://localhost:*`) admits that host on any port. */
function matchesEntry(origin: string, entry: string) {
  if (entry === origin) return true;
  if (!entry.endsWith(':*')) return false;
  try {
    const { protocol, hostname } = new URL(origin);
    return `${protocol}//${hostname}:*` === entry;
  } catch {
    return false;
  }
}

export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowlist: readonly string[],
) {
  // Requests without an Origin come from servers, scripts and the CLI, not from a browser page.
  if (!origin) return true;
  return (
    allowlist.includes('*') ||
    allowlist.some((entry) => matchesEntry(origin, entry)) ||
    isSameOrigin(origin, host)
  );
}

/**
 * Apply the CORS allowlist. Returns false when the request was answered here: a preflight, or a
 * browser request from an origin that is not allowed (403, so nothing runs on its behalf).
 */
export function handleCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowlist: readonly string[],
): boolean {
  const origin = req.headers.origin;
  if (!isOriginAllowed(origin, req.headers.host, allowlist)) {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'FORBIDDEN', message: `Origin ${origin} is not allowed` } }),
    );
    return false;
  }
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader(
      'access-control-expose-headers',
      'x-request-id, retry-after, content-disposition, link, x-next-cursor',
    );
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
    });
    res.end();
    return false;
  }
  return true;
}
