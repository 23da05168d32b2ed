import type { FakeOpenAI } from '@chatbot/ai/testing';
import { createChatClient } from '@chatbot/client';
import { io, type Socket } from 'socket.io-client';
import type { TestServer } from '../harness';
import { registerOverRest } from '../rest/restClient';

/** A user registered over REST, with one session and a typed client carrying its token. */
export async function userWithSession(t: TestServer) {
  const { tokens, api } = await registerOverRest(t.server.url);
  const client = createChatClient({ url: t.trpcUrl, token: tokens.accessToken });
  const session = await client.sessions.create.mutate({ title: 'Compat' });
  return { tokens, api, client, session, token: tokens.accessToken };
}

export interface SocketEvent {
  name: string;
  // The payloads are what the wire carries; the tests assert their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any;
}

/** A socket.io-client on the `/chat` namespace that records every event it gets. */
export function chatSocket(
  baseUrl: string,
  options: {
    token?: string;
    extraHeaders?: Record<string, string>;
    query?: Record<string, string>;
    transports?: ('polling' | 'websocket')[];
  },
) {
  const socket: Socket = io(`${baseUrl}/chat`, {
    path: '/socket.io',
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.extraHeaders,
    query: options.query,
    ...(options.transports ? { transports: options.transports } : {}),
    reconnection: false,
    forceNew: true,
  });
  const received: SocketEvent[] = [];
  const waiters: { test: (event: SocketEvent) => boolean; resolve: () => void }[] = [];
  socket.onAny((name: string, payload: unknown) => {
    const event = { name, payload };
    received.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.test(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return {
    socket,
    received,
    connected: () =>
      new Promise<void>((resolve, reject) => {
        if (socket.connected) return resolve();
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
    /** The connect_error message, for a socket that must be refused. */
    refused: () =>
      new Promise<string>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('the socket was accepted')));
        socket.once('connect_error', (error) => resolve(error.message));
      }),
    join: (sessionId: string, lastEventId?: string) =>
      socket.timeout(10_000).emitWithAck('join', { sessionId, lastEventId }) as Promise<{
        ok: boolean;
        error?: string;
        lastEventId?: string;
      }>,
    /** Resolves at the first event (from now on) that passes `test`. */
    next: (test: (event: SocketEvent) => boolean, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out; got ${received.map((e) => e.name).join(', ')}`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    close: () => socket.disconnect(),
  };
}

export const doneOf = (messageId: () => string | undefined) => (event: SocketEvent) =>
  event.name === 'message:done' && event.payload.messageId === messageId();

export const chunks = (count: number, word = 'tok') =>
  Array.from({ length: count }, (_, index) => `${word}${index} `);

/** The server env that routes replies to the fake provider. */
export const fakeProviderEnv = (fake: FakeOpenAI) => ({
  OPENAI_BASE_URL: fake.url,
  OPENAI_API_KEY: 'test-key',
  OPENAI_MODELS: 'fake-model',
});

/** Poll until `check` holds (the reply is stored by the server on its own time). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
