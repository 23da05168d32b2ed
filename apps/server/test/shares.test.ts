import { linkAsLinearPath } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';
import { restClient } from './rest/restClient';

let t: TestServer;
let owner: TestUser;
let sessionId: string;
beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signUp();
  const session = await owner.client.sessions.create.mutate({ title: 'Trip plan' });
  sessionId = session.id;
  await addMessage('user', 'Where to?');
  await addMessage('assistant', '**Lisbon**');
});
/** Written directly: messages.create of a user message would start a reply. */
async function addMessage(role: 'user' | 'assistant', content: string) {
  await t.app.database.prisma.message.create({ data: { sessionId, role, content } });
  await linkAsLinearPath(t.app.database.prisma, sessionId);
}
afterAll(async () => {
  await t?.close();
});

describe('share links over the typed client', () => {
  it('a stranger with no sign-in reads the snapshot; the owner lists, updates and revokes', async () => {
    const share = await owner.client.sessions.share.mutate({ id: sessionId });
    const anonymous = t.anonymous();
    const shared = await anonymous.shares.get.query({ token: share.token });
    expect(shared).toMatchObject({
      title: 'Trip plan',
      messages: [
        { role: 'user', content: 'Where to?', status: 'complete' },
        { role: 'assistant', content: '**Lisbon**', status: 'complete' },
      ],
    });
    expect(shared.messages[0]!.createdAt).toBeInstanceOf(Date);
    expect(JSON.stringify(shared)).not.toContain(owner.email);
    expect(JSON.stringify(shared)).not.toContain(owner.userId);

    expect(await owner.client.sessions.shares.query()).toEqual([
      expect.objectContaining({ token: share.token, sessionId, title: 'Trip plan' }),
    ]);

    await addMessage('user', 'And then?');
    const updated = await owner.client.sessions.share.mutate({ id: sessionId });
    expect(updated.token).toBe(share.token);
    expect((await anonymous.shares.get.query({ token: share.token })).messages).toHaveLength(3);

    await owner.client.sessions.unshare.mutate({ id: sessionId });
    const revoked = await errorOf(anonymous.shares.get.query({ token: share.token }));
    expect(revoked).toMatchObject({ code: 'NOT_FOUND', field: 'token' });
    const unknown = await errorOf(anonymous.shares.get.query({ token: 'B'.repeat(32) }));
    expect(unknown).toEqual(revoked);
    expect(await owner.client.sessions.shares.query()).toEqual([]);
  });

  it('continue copies the chat into the caller’s account, not the owner’s', async () => {
    const { token } = await owner.client.sessions.share.mutate({ id: sessionId });
    const reader = await t.signUp();
    const copy = await reader.client.shares.continue.mutate({ token });
    expect(copy.title).toBe('Trip plan');
    expect(copy.id).not.toBe(sessionId);
    const messages = await reader.client.messages.list.query({ sessionId: copy.id });
    expect(messages.items.map((m) => m.content)).toEqual(['Where to?', '**Lisbon**', 'And then?']);
    expect((await reader.client.sessions.list.query()).items.map((s) => s.id)).toEqual([copy.id]);
    expect(await errorOf(owner.client.sessions.get.query({ id: copy.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await errorOf(t.anonymous().shares.continue.mutate({ token }))).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await owner.client.sessions.unshare.mutate({ id: sessionId });
  });
});

describe('GET /shares/:token', () => {
  it('answers a stranger with no auth; after revoke, 404 identical to an unknown or malformed token', async () => {
    const { token } = await owner.client.sessions.share.mutate({ id: sessionId });
    const stranger = restClient(t.server.url);
    const shown = await stranger.get(`/shares/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      title: 'Trip plan',
      messages: [{ role: 'user', content: 'Where to?', status: 'complete' }, {}, {}],
    });
    expect(shown.body.messages[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(shown.text).not.toContain(owner.email);

    await owner.client.sessions.unshare.mutate({ id: sessionId });
    const revoked = await stranger.get(`/shares/${token}`);
    const unknown = await stranger.get(`/shares/${'C'.repeat(32)}`);
    const malformed = await stranger.get(`/shares/not%20a%20token`);
    expect(revoked.status).toBe(404);
    for (const other of [unknown, malformed]) {
      expect(other.status).toBe(404);
      expect(other.text).toBe(revoked.text);
    }
  });
});

describe('reading shared chats, rate limited per IP', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_SHARE_VIEWS_PER_MINUTE, unknown tokens included', async () => {
    const limited = await startTestServer({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_SHARE_VIEWS_PER_MINUTE: '3',
    });
    try {
      const writer = await limited.signUp();
      const session = await writer.client.sessions.create.mutate({ title: 'Popular' });
      const { token } = await writer.client.sessions.share.mutate({ id: session.id });
      const stranger = restClient(limited.server.url);
      // Guessing tokens spends the same budget as reading real ones.
      expect((await stranger.get(`/shares/${'C'.repeat(32)}`)).status).toBe(404);
      for (let read = 0; read < 2; read += 1)
        expect((await stranger.get(`/shares/${token}`)).status).toBe(200);
      const refused = await stranger.get(`/shares/${token}`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // The owner, signed in, is not slowed down in their own account by strangers' reads.
      expect(await writer.client.sessions.shares.query()).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
