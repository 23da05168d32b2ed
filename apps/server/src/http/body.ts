import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';

/** The request body as text, refused with 413 (PAYLOAD_TOO_LARGE) past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number) {
  return new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than ${limit} bytes`,
  });
}
