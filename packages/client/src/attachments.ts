import type { RouterInputs, RouterOutputs } from '@chatbot/api';
import type { ChatClient, TokenSource } from './createChatClient';
import { trpcEndpoint } from './endpoint';

/** What `POST /attachments` answers. */
export interface UploadedAttachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  kind: 'image' | 'document';
  /** A document: the characters of text a model reads from it (absent on an idempotent retry). */
  textChars?: number;
  /** With `textChars`: how many characters of document text a request carries at most. */
  modelTextBudgetChars?: number;
}

export interface UploadTarget {
  /** The same url the chat client takes (server address or tRPC endpoint). */
  url: string;
  /** The access token; omit in a signed-in browser (the session cookie is sent). */
  token?: TokenSource;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export type UploadFile =
  Blob | { name: string; data: Uint8Array | ReadableStream<Uint8Array>; type?: string };

export interface UploadOptions {
  /** Called as bytes of the file leave, with the total when known. */
  onProgress?: (progress: { loaded: number; total: number | undefined }) => void;
  /** A retry with the same key returns the first upload. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** A refused upload: the HTTP status and the server's reason, naming the file. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fileName?: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** `/trpc` -> `/attachments` (standalone server), `/api/trpc` -> `/api/attachments` (web). */
export const attachmentsUrl = (url: string) => trpcEndpoint(url).replace(/\/trpc$/, '/attachments');

const quoted = (value: string) => value.replace(/["\\\r\n]/g, (char) => encodeURIComponent(char));

/**
 * Upload one file (multipart, streamed: the file is never read whole into memory) and return
 * its attachment, to pass in `messages.send({ attachmentIds })`.
 */
export async function uploadAttachment(
  target: UploadTarget,
  file: UploadFile,
  options: UploadOptions = {},
): Promise<UploadedAttachment> {
  const isBlob = typeof Blob !== 'undefined' && file instanceof Blob;
  const name = isBlob ? ((file as File).name ?? 'file') : (file as { name: string }).name;
  const type =
    (isBlob ? (file as Blob).type : (file as { type?: string }).type) || 'application/octet-stream';
  const data = isBlob
    ? (file as Blob).stream()
    : (file as { data: Uint8Array | ReadableStream<Uint8Array> }).data;
  const total = isBlob
    ? (file as Blob).size
    : data instanceof Uint8Array
      ? data.byteLength
      : undefined;

  const boundary = `----chatbot${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(name)}"\r\n` +
      `Content-Type: ${type}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  let loaded = 0;
  const source =
    data instanceof Uint8Array
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(data);
            controller.close();
          },
        })
      : data;
  const reader = source.getReader();
  let stage: 'head' | 'file' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(head);
        return;
      }
      if (stage === 'file') {
        const { done, value } = await reader.read();
        if (!done) {
          loaded += value.byteLength;
          options.onProgress?.({ loaded, total });
          controller.enqueue(value);
          return;
        }
        stage = 'done';
        controller.enqueue(tail);
        return;
      }
      controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });

  const token = typeof target.token === 'function' ? await target.token() : target.token;
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    ...(total !== undefined
      ? { 'content-length': String(head.byteLength + total + tail.byteLength) }
      : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
  };
  const response = await (target.fetch ?? fetch)(attachmentsUrl(target.url), {
    method: 'POST',
    headers,
    body,
    signal: options.signal,
    credentials: 'same-origin',
    // A streamed request body (Node's fetch and Chromium require saying so).
    duplex: 'half',
  } as RequestInit);
  const answer = (await response.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; name?: string };
  };
  if (!response.ok) {
    throw new UploadError(
      response.status,
      answer.error?.code ?? 'ERROR',
      answer.error?.message ?? `Upload failed with HTTP ${response.status}`,
      answer.error?.name ?? name,
    );
  }
  return answer as UploadedAttachment;
}

/** Upload each file, then send the message with them; returns what `messages.send` returns. */
export async function sendWithAttachments(
  client: ChatClient,
  target: UploadTarget,
  input: Omit<RouterInputs['messages']['send'], 'attachmentIds'> & { files: UploadFile[] },
  options: Omit<UploadOptions, 'idempotencyKey'> = {},
): Promise<RouterOutputs['messages']['send']> {
  const { files, ...message } = input;
  const attachmentIds: string[] = [];
  for (const [index, file] of files.entries()) {
    // A retried send (same clientId) re-uses the uploads of its first attempt.
    const idempotencyKey = message.clientId ? `${message.clientId}.${index}` : undefined;
    attachmentIds.push((await uploadAttachment(target, file, { ...options, idempotencyKey })).id);
  }
  return client.messages.send.mutate({ ...message, attachmentIds });
}

export type AttachmentNotice = NonNullable<
  RouterOutputs['messages']['list']['items'][number]['attachmentNotice']
>;

const count = (value: number) => value.toLocaleString('en-US');

/**
 * A reply's attachment notice as sentences for a person, one per file cut and one for the
 * images left out: what the web app shows under the reply and the CLI prints after it.
 */
export function describeAttachmentNotice(notice: AttachmentNotice | undefined): string[] {
  if (!notice) return [];
  const lines = notice.truncated.map((file) =>
    file.keptChars === 0
      ? `None of the ${count(file.totalChars)} characters of ${file.name} reached the model ` +
        `(the attached text is limited per request).`
      : `Only the first ${count(file.keptChars)} of ${count(file.totalChars)} characters of ` +
        `${file.name} reached the model (the attached text is limited per request).`,
  );
  if (notice.omittedImages.length > 0) {
    lines.push(
      `Earlier images left out to keep the request small: ${notice.omittedImages.join(', ')}.`,
    );
  }
  return lines;
}
