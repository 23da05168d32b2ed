const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a state-changing request comes from another site (a forged form post carrying the
 * session cookie). The app's own origin is PUBLIC_URL's, or the request's own Host without it.
 * Browsers send Origin on such requests; older ones Sec-Fetch-Site or a Referer. A request with
 * none of them is not from a browser page (the CLI, scripts): nothing to forge.
 */
export function isCrossSiteWrite(
  request: { method: string; headers: Headers },
  publicUrl: string | undefined,
): boolean {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return false;
  const own = publicUrl ? new URL(publicUrl).origin : undefined;
  const host = request.headers.get('host');
  const isOwn = (address: string) => {
    try {
      const url = new URL(address);
      return own ? url.origin === own : url.host === host;
    } catch {
      return false; // `Origin: null` (a sandboxed frame, a cross-site redirect) included
    }
  };
  const origin = request.headers.get('origin');
  if (origin) return !isOwn(origin);
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const referer = request.headers.get('referer');
  if (referer) return !isOwn(referer);
  return false;
}
