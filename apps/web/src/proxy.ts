import { loadConfig } from '@chatbot/config';
import { NextResponse, type NextRequest } from 'next/server';
import { isCrossSiteWrite } from './server/sameOrigin';
import { newNonce, securityHeaders } from './server/securityHeaders';

/**
 * Runs before every route (pages, /api/trpc, next-auth, server actions): refuses a
 * state-changing request from another site, and gives each response its security headers with
 * a fresh script nonce (Next reads it from the request's Content-Security-Policy header and
 * puts it on the scripts it renders; the root layout reads `x-nonce` for its own).
 */
export function proxy(request: NextRequest) {
  const config = loadConfig();
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    development: !config.isProduction,
    https: config.publicUrl?.startsWith('https://') ?? false,
  });

  let response: NextResponse;
  if (isCrossSiteWrite(request, config.publicUrl)) {
    response = NextResponse.json(
      { error: { code: 'FORBIDDEN', message: 'Cross-site request refused' } },
      { status: 403 },
    );
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set('x-nonce', nonce);
    forwarded.set('content-security-policy', headers['content-security-policy']!);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the upload routes (an import, an attachment): a proxy makes Next buffer the request body
  // (up to 10 MB, then cut), and uploads must stream. Those routes check the Origin themselves.
  // Nor a shared chat's files (GET only): they keep a download's strict headers, not a page's.
  matcher: ['/((?!api/sessions/import$|api/attachments(?:/|$)|api/shares/[^/]+/files/).*)'],
};
