import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';

/**
 * The request body as text, refused with 413 (PAYLOAD_TOO_LARGE) past `limit` bytes. Reading
 * stops there, but the request is not destroyed: the caller must still answer it (a destroyed
 * socket reaches the client as a reset, not a 413); `sendRestResponse` closes the connection
 * after a 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      // Whatever else arrives is discarded until the connection closes after the answer.
      req.resume();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limit: number) {
  return new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than ${limit} bytes`,
  });
}
