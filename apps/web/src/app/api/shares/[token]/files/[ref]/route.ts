import { serveSharedFile } from '@/server/sharedFiles';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ token: string; ref: string }> };

/** An image of a shared chat, for anyone holding the link (no sign-in). */
export async function GET(req: Request, { params }: Params) {
  const { token, ref } = await params;
  return serveSharedFile(req, token, ref);
}

export async function HEAD(req: Request, { params }: Params) {
  const { token, ref } = await params;
  return serveSharedFile(req, token, ref);
}
