import { serveAttachmentRequest } from '@/server/attachments';

export const dynamic = 'force-dynamic';

/** Upload one file (multipart/form-data, part `file`); see the README's Attachments section. */
export function POST(req: Request) {
  return serveAttachmentRequest(req);
}
