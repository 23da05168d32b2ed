import { bearerToken, createContextInner, importResponse } from '@chatbot/api';
import { requestClientIp } from '@/server/clientAddress';
import { sessionUserId } from '@/server/auth';
import { getApp } from '@/server/app';
import { isCrossSiteWrite } from '@/server/sameOrigin';
import { crossSiteRefusal, pageDefaultHeaders } from '@/server/streamedRoute';

export const dynamic = 'force-dynamic';

/**
 * The web dialog's import: the file streams through to the importer, signed in by the
 * next-auth session like /api/trpc. The proxy skips this path (it would buffer the body), so
 * the cross-site check and the headers it gives every other route are applied here.
 */
export async function POST(request: Request) {
  const app = await getApp();
  const headers = pageDefaultHeaders(app.config);
  if (isCrossSiteWrite(request, app.config.publicUrl)) return crossSiteRefusal(headers);
  const ctx = await createContextInner(app, {
    sessionUserId: await sessionUserId(request),
    // Scripts and the CLI may call it with a bearer token, as /api/trpc.
    token: bearerToken(request.headers.get('authorization') ?? undefined),
    ip: requestClientIp(request.headers, app.config.http.trustProxy),
  });
  const response = await importResponse(ctx, request);
  // The page defaults (nosniff among them) under the route's own headers.
  for (const [name, value] of Object.entries(headers)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
}
