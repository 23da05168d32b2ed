import { SSE_ROUTES } from './plainRoutes';

const sessionIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
};
const eventStream = {
  'text/event-stream': {
    schema: {
      type: 'string',
      description:
        'Server-sent events: `id:` (resume with Last-Event-ID), `event:` (the event type: ' +
        'message:new, message:stream, message:update, message:done, message:error, ' +
        'message:cancelled, message:delete, session:branch, session:update, session:delete, ' +
        'session:resync) ' +
        'and `data:` (the event as JSON, with its `type`).',
    },
  },
};

export const sseOpenApiPaths = {
  [SSE_ROUTES.stream]: {
    get: {
      operationId: 'sse.stream',
      summary: "The session's live events as text/event-stream",
      description:
        'Authenticate with the Bearer header, or (for EventSource, which cannot send headers) ' +
        'with `?ticket=` from POST /sse/sessions/{id}/ticket. Resumes after the Last-Event-ID ' +
        'header (or `?lastEventId=`); without one, a `ready` event gives the position at once ' +
        'and replies still in progress are replayed. The server ends a stream after ' +
        'STREAM_MAX_DURATION_MS; EventSource reconnects and resumes.',
      tags: ['Streaming'],
      security: [{ bearerAuth: [] }, {}],
      parameters: [
        sessionIdParameter,
        { name: 'ticket', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'The event stream', content: eventStream },
        '401': { $ref: '#/components/responses/E401' },
        '404': { $ref: '#/components/responses/E404' },
        default: { $ref: '#/components/responses/Error' },
      },
    },
  },
  [SSE_ROUTES.messages]: {
    post: {
      operationId: 'sse.send',
      summary: 'Send a message and stream its reply until it ends',
      description:
        'Stores the user message (idempotent by `clientId`), then streams the exchange: both ' +
        "messages' message:new, the reply's message:stream deltas, message:update and the final " +
        'message:done (or message:error / message:cancelled), then closes.',
      tags: ['Streaming'],
      security: [{ bearerAuth: [] }],
      parameters: [sessionIdParameter],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                content: { type: 'string', minLength: 1, maxLength: 100_000 },
                clientId: { type: 'string', maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' },
              },
              required: ['content'],
            },
          },
        },
      },
      responses: {
        '200': { description: 'The exchange as server-sent events', content: eventStream },
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
