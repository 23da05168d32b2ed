import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { chatSocket, userWithSession } from './compatClients';

/**
 * A Socket.IO client that stops reading while events keep coming is disconnected once the
 * server holds more than STREAM_MAX_BUFFERED_BYTES for it, like the other transports
 * (hostile/slowClients.test.ts); its slot is freed and it resumes by event id.
 */
const EVENT_BYTES = 16_384;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STREAM_MAX_BUFFERED_BYTES: '65536', EVENT_LOG_SIZE: '20' });
});
afterAll(async () => {
  await t?.close();
});

describe('a Socket.IO client that never reads', () => {
  it('is disconnected, and its stream slot freed', async () => {
    const { session, token, tokens } = await userWithSession(t);
    const userId = tokens.user.id as string;
    const chat = chatSocket(t.server.url, { token, transports: ['websocket'] });
    await chat.connected();
    expect(await chat.join(session.id)).toMatchObject({ ok: true });
    const held = () => t.app.subscriptionSlots.open(userId);
    expect(held()).toBe(1);
    // Stop reading from the WebSocket: the server's side fills up.
    const engine = chat.socket.io.engine as unknown as { transport: { ws: { pause(): void } } };
    engine.transport.ws.pause();
    // 64 MiB at most: far beyond what the kernel's socket buffers absorb on loopback.
    for (let count = 0; count < 4_096 && held() > 0; count += 1) {
      await t.app.events.append(session.id, {
        type: 'message:stream',
        messageId: 'flood',
        delta: 'x'.repeat(EVENT_BYTES),
        offset: count * EVENT_BYTES,
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(held()).toBe(0);
    chat.close();
  });
});
