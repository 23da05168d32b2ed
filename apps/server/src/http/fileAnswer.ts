import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Write a file route's answer: a JSON string, or a file streamed from storage. */
export async function writeFileAnswer(
  res: ServerResponse,
  answer: { status: number; headers: Record<string, string>; body: string | Readable },
) {
  if (typeof answer.body === 'string') {
    res.writeHead(answer.status, {
      ...answer.headers,
      ...(answer.headers['content-length']
        ? {}
        : { 'content-length': String(Buffer.byteLength(answer.body)) }),
    });
    res.end(answer.body);
    return;
  }
  res.writeHead(answer.status, answer.headers);
  // A client that goes away ends the read of the file too.
  await pipeline(answer.body, res).catch(() => undefined);
}
