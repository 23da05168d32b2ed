import { serveAttachmentRequest } from '@/server/attachments';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** The file's bytes, to its owner only. */
export async function GET(req: Request, { params }: Params) {
  return serveAttachmentRequest(req, (await params).id);
}

export async function HEAD(req: Request, { params }: Params) {
  return serveAttachmentRequest(req, (await params).id);
}

/** Remove an upload that is not attached to a message yet. */
export async function DELETE(req: Request, { params }: Params) {
  return serveAttachmentRequest(req, (await params).id);
}
