import type { Readable } from 'node:stream';
import { describeOutage, isDomainError, type App } from '@chatbot/core';
import {
  deleteUpload,
  isAttachmentRefused,
  receiveUpload,
  requireAttachment,
  textBudgetChars,
} from '@chatbot/core/attachments';
import { createContextInner, type ContextSources } from '../context';
import { downloadHeaders } from './downloadHeaders';
import { REFUSAL_STATUS } from './errors';
import { receiveMultipartFile } from './multipart';

/** A request to the attachment routes, from either host. */
export interface AttachmentRequest {
  method: string;
  /** The id in `/attachments/{id}`, or undefined for `/attachments`. */
  id: string | undefined;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The body, read only by the upload. */
  body: () => Readable;
  /** Who is asking: a bearer token, or the user the host already authenticated. */
  auth: Pick<ContextSources, 'token' | 'sessionUserId'>;
}

export interface AttachmentResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Readable;
  /** The body was not read to its end: the connection cannot carry another request. */
  bodyUnread?: boolean;
}

/** The routes' error body: `{ error: { code, message, field?, name? } }`. */
export function failure(status: number, code: string, message: string, extra: object = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message, ...extra } }),
  };
}

const json = (status: number, body: unknown): AttachmentResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export const DOMAIN_STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * `POST /attachments` (multipart upload), `GET /attachments/{id}` (the bytes, to the owner
 * only) and `DELETE /attachments/{id}` (an upload not attached yet), over any host: the
 * standalone server and the web app adapt their requests to this.
 */
export function createAttachmentRoutes(app: App, onInternalError?: (error: unknown) => void) {
  const limits = app.config.attachments;
  const deps = () => ({
    prisma: app.database.prisma,
    storage: app.storage,
    limits,
    tempDir: app.uploadTempDir,
  });

  function errorResponse(error: unknown, uploading: boolean): AttachmentResponse {
    const bodyUnread = uploading;
    if (isAttachmentRefused(error)) {
      const status = REFUSAL_STATUS[error.reason];
      const { fileName } = error as { fileName?: string };
      return {
        ...failure(status, error.reason.toUpperCase(), error.message, {
          field: 'file',
          ...(fileName ? { name: fileName } : {}),
        }),
        bodyUnread,
      };
    }
    if (isDomainError(error)) {
      const status = DOMAIN_STATUS[error.kind] ?? 400;
      return {
        ...failure(status, error.kind, error.message, error.field ? { field: error.field } : {}),
        bodyUnread,
      };
    }
    const outage = describeOutage(error);
    if (outage) return { ...failure(503, 'SERVICE_UNAVAILABLE', outage), bodyUnread };
    onInternalError?.(error);
    return { ...failure(500, 'INTERNAL_SERVER_ERROR', 'Internal error'), bodyUnread };
  }

  async function signedInUser(request: AttachmentRequest) {
    const ctx = await createContextInner(app, request.auth);
    if (!ctx.user || !(await ctx.userExists())) return undefined;
    return ctx.user.id;
  }

  async function upload(userId: string, request: AttachmentRequest) {
    const idempotencyKey = request.headers['idempotency-key'];
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return failure(
        400,
        'BAD_REQUEST',
        'Idempotency-Key may only hold 1-100 letters, digits and _ . : -',
        { field: 'Idempotency-Key' },
      );
    }
    // Multipart framing adds little; a body declared far past the limit is refused unread.
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes + 65_536) {
      return {
        ...failure(
          413,
          'TOO_LARGE',
          `The file is larger than the limit of ${limits.maxBytes} bytes`,
          {
            field: 'file',
          },
        ),
        bodyUnread: true,
      };
    }
    const stored = await receiveMultipartFile(
      request.headers,
      request.body(),
      limits.maxBytes,
      (name, stream) => receiveUpload(deps(), userId, { name, stream, idempotencyKey }),
    );
    // A document says how much of its text the model reads: the UI warns before it is sent.
    if (stored.textChars === undefined) return json(201, stored);
    return json(201, {
      ...stored,
      modelTextBudgetChars: textBudgetChars(app.config.ai.attachmentTextBudgetTokens),
    });
  }

  async function download(userId: string, id: string, head: boolean) {
    const row = await requireAttachment(app.database.prisma, userId, id);
    const headers = downloadHeaders(row, 'private, max-age=3600');
    return { status: 200, headers, body: head ? '' : await app.storage.get(row.storageKey) };
  }

  return async function handle(request: AttachmentRequest): Promise<AttachmentResponse> {
    const uploading = request.method === 'POST' && request.id === undefined;
    try {
      const userId = await signedInUser(request);
      if (!userId) {
        return { ...failure(401, 'UNAUTHORIZED', 'Sign in first'), bodyUnread: uploading };
      }
      if (uploading) return await upload(userId, request);
      if (request.id !== undefined && (request.method === 'GET' || request.method === 'HEAD'))
        return await download(userId, request.id, request.method === 'HEAD');
      if (request.id !== undefined && request.method === 'DELETE')
        return json(200, await deleteUpload(deps(), userId, request.id));
      const allow = request.id === undefined ? 'POST' : 'GET, HEAD, DELETE';
      return {
        ...failure(
          405,
          'METHOD_NOT_SUPPORTED',
          `${request.method} is not allowed here; use ${allow}`,
        ),
        headers: { 'content-type': 'application/json; charset=utf-8', allow },
        bodyUnread: request.method !== 'GET' && request.method !== 'HEAD',
      };
    } catch (error) {
      return errorResponse(error, uploading);
    }
  };
}
