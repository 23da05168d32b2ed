import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/**
 * The request with its body read into memory, or undefined when the body is larger than `limit`
 * bytes: refused by its Content-Length before reading, or counted while reading (a chunked
 * body declares none) and abandoned as soon as it passes the limit.
 */
export async function readBodyWithinLimit(
  req: Request,
  limit: number,
): Promise<Request | undefined> {
  if (!req.body) return req;
  if (Number(req.headers.get('content-length') ?? 0) > limit) return undefined;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: Buffer.concat(chunks),
    signal: req.signal,
  });
}

/** 413 in the error shape tRPC clients read (the router's transformer wraps it in `json`). */
export function payloadTooLarge(limit: number): Response {
  const message = `The request body is larger than ${limit} bytes`;
  return Response.json(
    {
      error: {
        json: {
          message,
          code: TRPC_ERROR_CODES_BY_KEY.PAYLOAD_TOO_LARGE,
          data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
        },
      },
    },
    { status: 413 },
  );
}
