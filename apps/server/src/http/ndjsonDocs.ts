import { NDJSON_ROUTE } from './ndjson';

/** `POST /messages/stream` in /openapi.json, beside the routes the procedures declare. */
export const ndjsonOpenApiPaths = {
  [NDJSON_ROUTE]: {
    post: {
      operationId: 'messages.stream',
      summary: 'Send a prompt and stream its reply as NDJSON (the original frontend’s call)',
      description:
        'Stores the prompt and the reply placeholder, then answers one JSON object per line: ' +
        '`{"delta":"..."}` per batch of the reply, then `{"done":true,"messageId":"<reply id>"}` ' +
        'once the reply is stored, or `{"error":"stream_error"}` if the provider fails. Nothing ' +
        'is stored when the request is refused. A client that disconnects stops only the ' +
        'writing: the reply is finished and stored.',
      tags: ['Streaming'],
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                sessionId: { type: 'string', minLength: 1 },
                prompt: { type: 'string', minLength: 1, maxLength: 100_000 },
              },
              required: ['sessionId', 'prompt'],
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The reply, one JSON object per line',
          headers: {
            'Cache-Control': { schema: { type: 'string', const: 'no-cache' } },
            'X-Accel-Buffering': { schema: { type: 'string', const: 'no' } },
          },
          content: {
            'application/x-ndjson': {
              schema: {
                type: 'string',
                description:
                  'Lines of {"delta":string}, then {"done":true,"messageId":string} or ' +
                  '{"error":"stream_error"}',
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/E400' },
        '401': { $ref: '#/components/responses/E401' },
        '404': { $ref: '#/components/responses/E404' },
        '409': { $ref: '#/components/responses/E409' },
        '429': { $ref: '#/components/responses/E429' },
        default: { $ref: '#/components/responses/Error' },
      },
    },
  },
};
