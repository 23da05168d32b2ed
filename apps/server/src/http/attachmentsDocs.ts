import { attachmentOutput, uploadOutput } from '@chatbot/core/schemas';
import { z } from 'zod';
import { ATTACHMENTS_ROUTE } from './attachments';
import { SHARED_FILES_ROUTE } from './sharedFiles';
import { STORED_MEDIA_TYPES } from '@chatbot/core/attachments';

const attachment = z.toJSONSchema(attachmentOutput) as Record<string, unknown>;
delete attachment.$schema;
const uploaded = z.toJSONSchema(uploadOutput) as Record<string, unknown>;
delete uploaded.$schema;

/** The attachment routes' error body (it names the file and the reason). */
const attachmentError = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: {
          type: 'string',
          description:
            'NO_FILE, EMPTY, TOO_LARGE, UNSUPPORTED_TYPE, QUOTA, or the API codes (UNAUTHORIZED, NOT_FOUND, CONFLICT...)',
        },
        message: { type: 'string' },
        field: { type: 'string', description: '`file` for a refused upload' },
        name: { type: 'string', description: 'The refused file' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const failure = (description: string) => ({
  description,
  content: { 'application/json': { schema: attachmentError } },
});

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The attachment id from the upload',
};

const fileBytes = { type: 'string', format: 'binary' };

/** The attachment routes in /openapi.json, beside the routes the procedures declare. */
export const attachmentsOpenApiPaths = {
  [ATTACHMENTS_ROUTE]: {
    post: {
      operationId: 'attachments.upload',
      summary: 'Upload a file to attach to a message (multipart/form-data, part `file`)',
      description:
        'Streams the file to storage and answers its id; pass it in `messages.send({ attachmentIds })`. ' +
        'The type is decided from the content: PNG, JPEG, WebP and GIF images, PDF, and UTF-8 text ' +
        '(.txt, .md, .csv, .json, source code). Limits: ATTACHMENT_MAX_BYTES per file, ' +
        'ATTACHMENT_QUOTA_BYTES per user. A refused upload stores nothing. An `Idempotency-Key` ' +
        'header makes a retry return the first upload. Uploads never attached are removed after ' +
        'ATTACHMENT_ORPHAN_GRACE_MS. A document’s text is read once here: a PDF without readable ' +
        'text structure is refused, and the answer states `textChars` and ' +
        '`modelTextBudgetChars` so a client can warn that only the start will reach the model.',
      tags: ['Attachments'],
      security: [{ bearerAuth: [] }],
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: fileBytes },
              required: ['file'],
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'The stored file',
          content: { 'application/json': { schema: uploaded } },
        },
        '400': failure('No `file` part, an empty file, or a body that is not multipart'),
        '401': failure('Missing, invalid or expired token'),
        '409': failure('The file does not fit in the user’s storage quota'),
        '413': failure('The file is larger than ATTACHMENT_MAX_BYTES'),
        '415': failure(
          'The content is not an accepted type, or a PDF whose text cannot be extracted',
        ),
        default: failure('Server or dependency failure (500, 503)'),
      },
    },
  },
  [`${ATTACHMENTS_ROUTE}/{id}`]: {
    get: {
      operationId: 'attachments.get',
      summary: 'The file’s bytes, to its owner only',
      description:
        'Content-Type is the sniffed type (never sniffable into HTML: `X-Content-Type-Options: ' +
        'nosniff`, a sandboxing CSP); images are `inline`, other files `attachment`, with the file ' +
        'name (RFC 6266).',
      tags: ['Attachments'],
      security: [{ bearerAuth: [] }],
      parameters: [idParameter],
      responses: {
        '200': {
          description: 'The file',
          headers: {
            'Content-Disposition': { schema: { type: 'string' } },
            'X-Content-Type-Options': { schema: { type: 'string', const: 'nosniff' } },
          },
          content: Object.fromEntries(
            STORED_MEDIA_TYPES.map((type) => [type, { schema: fileBytes }]),
          ),
        },
        '401': failure('Missing, invalid or expired token'),
        '404': failure('No such attachment for this user'),
        default: failure('Server or dependency failure (500, 503)'),
      },
    },
    delete: {
      operationId: 'attachments.delete',
      summary: 'Remove an upload not attached to a message yet',
      tags: ['Attachments'],
      security: [{ bearerAuth: [] }],
      parameters: [idParameter],
      responses: {
        '200': {
          description: 'The removed file',
          content: { 'application/json': { schema: attachment } },
        },
        '401': failure('Missing, invalid or expired token'),
        '404': failure('No such attachment for this user'),
        '409': failure('Attached to a message: delete the message instead'),
        default: failure('Server or dependency failure (500, 503)'),
      },
    },
  },
  [SHARED_FILES_ROUTE]: {
    get: {
      operationId: 'shares.files',
      summary: 'An image of a shared chat (no sign-in)',
      description:
        'The `ref` is an image’s `ref` in `GET /shares/{token}`; served with the download ' +
        'headers of `GET /attachments/{id}`. Documents are listed by name only. An unknown or ' +
        'revoked link, an unknown ref and a file deleted since are one 404. Rate limited per IP ' +
        'with the shared chat views.',
      tags: ['Shares'],
      security: [],
      parameters: [
        { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'ref', in: 'path', required: true, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The image',
          headers: {
            'Content-Disposition': { schema: { type: 'string' } },
            'X-Content-Type-Options': { schema: { type: 'string', const: 'nosniff' } },
          },
          content: Object.fromEntries(
            STORED_MEDIA_TYPES.filter((type) => type.startsWith('image/')).map((type) => [
              type,
              { schema: fileBytes },
            ]),
          ),
        },
        '404': failure('No such link, or no such image in it'),
        '429': failure('Too many shared chat views from this address'),
        default: failure('Server or dependency failure (500, 503)'),
      },
    },
  },
};
