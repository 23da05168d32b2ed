import type { Readable } from 'node:stream';
import type { App } from '@chatbot/core';
import { conversationsOfFile, fileError, importConversations } from '@chatbot/core/imports';
import type { ImportProgress, ImportSummary } from '@chatbot/core/schemas';
import { TRPCError } from '@trpc/server';
import busboy from 'busboy';
import type { Context } from '../context';
import { toTRPCError } from '../trpc';

/** Where the REST and web routes of an import live (documented in OpenAPI beside the rest). */
export const IMPORT_ROUTE = '/sessions/import';

export interface ImportUpload {
  contentType: string | undefined;
  /** The request body, read as it arrives: never held whole. */
  body: Readable;
}

const badFile = (message: string) => toTRPCError(fileError(message))!;

/**
 * The uploaded file's bytes: the multipart field `file` (other parts are skipped), or the body
 * itself when it is JSON or a zip. Resolves as soon as the file starts, not when it ends.
 */
function fileOf(upload: ImportUpload, maxBytes: number): Promise<Readable> {
  const type = (upload.contentType ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    if (type && !/^application\/(json|zip|x-zip-compressed|octet-stream)\b/.test(type)) {
      return Promise.reject(
        new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'Send multipart/form-data with a `file` field, or the file as application/json or application/zip',
        }),
      );
    }
    return Promise.resolve(upload.body);
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // One more byte than allowed: the import's own count refuses the file with a clear message.
      parser = busboy({
        headers: { 'content-type': upload.contentType! },
        limits: { files: 1, fields: 20, fieldSize: 1_024, fileSize: maxBytes + 1 },
      });
    } catch (error) {
      reject(badFile(`The multipart body cannot be read (${(error as Error).message})`));
      return;
    }
    parser.on('file', (name, stream) => {
      if (name === 'file') resolve(stream);
      else stream.resume();
    });
    parser.on('error', (error: Error) =>
      reject(badFile(`The multipart body cannot be read (${error.message})`)),
    );
    parser.on('close', () => reject(badFile('The multipart body has no `file` field')));
    upload.body.pipe(parser);
  });
}

/**
 * Import an uploaded file for the signed-in user of `ctx`: streamed from the request, one
 * conversation at a time. Errors are tRPC errors (with their HTTP status); a conversation's
 * own failure is in the summary instead.
 */
export async function importUpload(
  ctx: Context,
  upload: ImportUpload,
  onProgress?: (progress: ImportProgress) => void | Promise<void>,
): Promise<ImportSummary> {
  if (!ctx.user) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: ctx.tokenRejected ? 'Invalid or expired access token' : 'Sign in first',
    });
  }
  if (!(await ctx.userExists()))
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  const { app, user } = ctx;
  try {
    const file = await fileOf(upload, app.config.imports.maxBytes);
    return await importConversations(
      importDeps(app),
      user.id,
      conversationsOfFile(file, { maxBytes: app.config.imports.maxBytes }),
      onProgress,
    );
  } catch (error) {
    // What is left of the body is not read: the caller closes the connection after answering.
    upload.body.unpipe();
    upload.body.resume();
    throw error instanceof TRPCError ? error : (toTRPCError(error) ?? error);
  }
}

export const importDeps = (app: App) => ({
  prisma: app.database.prisma,
  models: app.models,
  maxSessionsPerUser: app.config.quotas.sessionsPerUser,
  maxConversations: app.config.imports.maxConversations,
  logger: app.logger,
});
