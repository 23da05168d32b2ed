import { bearerToken, createContextInner, importResponse } from '@chatbot/api';
import { requestClientIp } from '@/server/clientAddress';
import { sessionUserId } from '@/server/auth';
import { getApp } from '@/server/app';
import { isCrossSiteWrite } from '@/server/sameOrigin';

export const dynamic = 'force-dynamic';

/**
 * The web dialog's import: the file streams through to the importer, signed in by the
 * next-auth session like /api/trpc. The proxy skips this path (it would buffer the body), so
 * the cross-site check it does for every other route is done here.
 */
export async function POST(request: Request) {
  const app = await getApp();
  if (isCrossSiteWrite(request, app.config.publicUrl)) {
    return Response.json(
      { error: { code: 'FORBIDDEN', message: 'Cross-site request refused' } },
      { status: 403 },
    );
  }
  const ctx = await createContextInner(app, {
    sessionUserId: await sessionUserId(request),
    // Scripts and the CLI may call it with a bearer token, as /api/trpc.
    token: bearerToken(request.headers.get('authorization') ?? undefined),
    ip: requestClientIp(request.headers, app.config.http.trustProxy),
  });
  const response = await importResponse(ctx, request);
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
}
