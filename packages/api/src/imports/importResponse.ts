import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { isDomainError } from '@chatbot/core';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { Context } from '../context';
import { importUpload } from './importUpload';

/** An error as the REST routes answer it: status, code, message, and the field at fault. */
function errorBody(cause: unknown) {
  const error = getTRPCErrorFromUnknown(cause);
  const status = getHTTPStatusCodeFromError(error);
  const field = isDomainError(error.cause) ? error.cause.field : undefined;
  const message = status >= 500 ? 'Internal server error' : error.message;
  return {
    status,
    body: { statusCode: status, code: error.code, message, ...(field ? { field } : {}) },
  };
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/**
 * `POST /sessions/import` for a fetch-style host (the web app's route handler): the same
 * streamed import as the standalone server's, answering NDJSON progress lines when the client
 * accepts them (the status is sent with the first line, so a refused file is still a 4xx).
 */
export async function importResponse(ctx: Context, request: Request): Promise<Response> {
  const body = request.body
    ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>)
    : Readable.from([]);
  const upload = { contentType: request.headers.get('content-type') ?? undefined, body };
  if (!(request.headers.get('accept') ?? '').includes('application/x-ndjson')) {
    try {
      return new Response(JSON.stringify(await importUpload(ctx, upload)), {
        headers: JSON_HEADERS,
      });
    } catch (error) {
      const answer = errorBody(error);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: JSON_HEADERS,
      });
    }
  }

  const encoder = new TextEncoder();
  // highWaterMark 16 lines: a client that reads slowly slows the import instead of a queue growing.
  const lines = new TransformStream<Uint8Array, Uint8Array>(undefined, undefined, {
    highWaterMark: 16,
  });
  const writer = lines.writable.getWriter();
  const write = async (line: object) => {
    await writer.ready;
    await writer.write(encoder.encode(`${JSON.stringify(line)}\n`));
  };
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const finished = importUpload(ctx, upload, async (progress) => {
    markStarted();
    await write({ type: 'progress', ...progress });
  });
  // Answer once the first conversation is in (or the import is over, either way).
  const early = await Promise.race([
    started.then(() => undefined),
    finished.then(
      () => undefined,
      (error: unknown) => errorBody(error),
    ),
  ]);
  if (early) {
    return new Response(JSON.stringify(early.body), {
      status: early.status,
      headers: JSON_HEADERS,
    });
  }
  void finished
    .then(
      (summary) => write({ type: 'done', ...summary }),
      (error: unknown) => write({ type: 'error', ...errorBody(error).body }),
    )
    .catch(() => {}) // the client went away: nothing left to tell
    .finally(() => writer.close().catch(() => {}));
  return new Response(lines.readable, {
    headers: {
      'content-type': 'application/x-ndjson',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    },
  });
}
