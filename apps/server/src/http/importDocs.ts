import { IMPORT_ROUTE } from '@chatbot/api';

const summarySchema = {
  type: 'object',
  properties: {
    imported: { type: 'integer' },
    skipped: { type: 'integer', description: 'Imported before (same source conversation id)' },
    failed: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          title: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['index', 'title', 'message'],
      },
    },
    sessionIds: { type: 'array', items: { type: 'string' } },
  },
  required: ['imported', 'skipped', 'failed', 'sessionIds'],
};

/** `POST /sessions/import` in /openapi.json: a streamed upload, beside the procedures' routes. */
export const importOpenApiPaths = {
  [IMPORT_ROUTE]: {
    post: {
      operationId: 'sessions.importFile',
      summary:
        'Import chats from a file: our JSON export, or ChatGPT’s conversations.json or export zip',
      description:
        'The file is read as it arrives (up to IMPORT_MAX_BYTES, at most IMPORT_MAX_CONVERSATIONS ' +
        'chats), each conversation stored in its own transaction with its tree and active path. ' +
        'A conversation that cannot be imported is listed in `failed` by index and title; the ' +
        'rest still import. Importing the same file again skips what is already there. With ' +
        '`Accept: application/x-ndjson` the answer is a line ' +
        '`{"type":"progress","done","imported","skipped","failed"}` per conversation, then ' +
        '`{"type":"done",...summary}` (or `{"type":"error",...}`); otherwise the summary as JSON.',
      tags: ['Sessions'],
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              description: 'An export of this app (one object) or ChatGPT’s conversations array',
              oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
            },
          },
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', format: 'binary' } },
              required: ['file'],
            },
          },
          'application/zip': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '200': {
          description: 'The summary (JSON), or progress lines then the summary (NDJSON)',
          content: {
            'application/json': { schema: summarySchema },
            'application/x-ndjson': {
              schema: { type: 'string', description: 'One JSON object per line' },
            },
          },
        },
        '400': { $ref: '#/components/responses/E400' },
        '401': { $ref: '#/components/responses/E401' },
        '413': {
          description: 'The declared body is larger than IMPORT_MAX_BYTES',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        '415': { $ref: '#/components/responses/E415' },
        default: { $ref: '#/components/responses/Error' },
      },
    },
  },
};
