import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bearerToken,
  createContextInner,
  IMPORT_ROUTE,
  importUpload,
  type RestHandler,
} from '@chatbot/api';
import type { App } from '@chatbot/core';
import { TRPCError } from '@trpc/server';
import { requestIp } from './requestIp';
import { sendRestResponse } from './rest';

/** Write one NDJSON line; a client that reads slowly slows the import, it does not grow a buffer. */
async function writeLine(res: ServerResponse, line: object) {
  if (res.destroyed || res.writableEnded) return;
  // A client that goes away never drains: its close ends the wait too.
  if (!res.write(`${JSON.stringify(line)}\n`)) {
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
}

/**
 * `POST /sessions/import`: a file (multipart field `file`, or the body as JSON or a zip) read as
 * it arrives. With `Accept: application/x-ndjson` the answer is a progress line per conversation
 * and a last `done` line; otherwise the summary as JSON once the import ends.
 */
export function createImportRoute(app: App, rest: RestHandler) {
  async function run(req: IncomingMessage, res: ServerResponse) {
    const ctx = await createContextInner(app, {
      token: bearerToken(req.headers.authorization),
      requestId: req.headers['x-request-id'] as string | undefined,
      ip: requestIp(req, app.config.http.trustProxy),
    });
    const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
    const declared = Number(req.headers['content-length'] ?? 0);
    // Refused before a byte is read (the multipart wrapping may add a little).
    if (declared > app.config.imports.maxBytes + 65_536) {
      throw new TRPCError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The file is larger than ${app.config.imports.maxBytes} bytes (IMPORT_MAX_BYTES)`,
      });
    }
    let started = false;
    const upload = { contentType: req.headers['content-type'], body: req };
    const summary = await importUpload(ctx, upload, async (progress) => {
      if (!streaming) return;
      if (!started) {
        started = true;
        res.writeHead(200, {
          'content-type': 'application/x-ndjson',
          'cache-control': 'no-cache',
          'x-accel-buffering': 'no',
        });
      }
      await writeLine(res, { type: 'progress', ...progress });
    });
    if (!streaming) {
      sendRestResponse(req, res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(summary),
      });
      return;
    }
    if (!started)
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
    await writeLine(res, { type: 'done', ...summary });
    res.end();
  }

  return async function serveImport(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'POST' || (path !== IMPORT_ROUTE && path !== `${IMPORT_ROUTE}/`))
      return undefined;
    try {
      await run(req, res);
    } catch (error) {
      if (res.headersSent) {
        // Mid-stream: the failure is the last line.
        const answer = rest.errorResponse(error);
        await writeLine(res, { type: 'error', ...(JSON.parse(answer.body) as object) });
        if (!res.writableEnded) res.end();
      } else {
        // The unread rest of the body cannot be followed by another request on this connection.
        const answer = rest.errorResponse(error);
        sendRestResponse(req, res, {
          ...answer,
          headers: { ...answer.headers, connection: 'close' },
        });
      }
    }
    return IMPORT_ROUTE;
  };
}
