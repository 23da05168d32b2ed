import { uploadAttachment } from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN, PNG } from './attachmentFiles';
import { startTestServer, type TestServer, type TestUser } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

/** A chat whose first message carries a document and an image, shared; the reply has ended. */
async function sharedChatWithFiles(user: TestUser) {
  const target = { url: t.trpcUrl, token: () => user.session.accessToken() };
  const notes = await uploadAttachment(target, { name: 'notes.md', data: MARKDOWN });
  const image = await uploadAttachment(target, { name: 'pixel.png', data: PNG });
  const session = await user.client.sessions.create.mutate({ title: 'With files' });
  const sent = await user.client.messages.send.mutate({
    sessionId: session.id,
    content: 'look',
    attachmentIds: [notes.id, image.id],
  });
  await expect
    .poll(
      async () =>
        (await user.client.messages.list.query({ sessionId: session.id })).items[1]?.status,
      { timeout: 20_000 },
    )
    .not.toBe('streaming');
  const { token } = await user.client.sessions.share.mutate({ id: session.id });
  return { token, session, image, notes, message: sent.userMessage };
}

/** A stranger's request: no credentials at all. */
const fetchFile = (token: string, ref: string) =>
  fetch(`${t.server.url}/shares/${token}/files/${ref}`);

async function expectMissing(response: Response) {
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({
    error: { code: 'NOT_FOUND', message: 'Shared file not found', field: 'ref' },
  });
}

describe('GET /shares/:token/files/:ref', () => {
  it('serves a shared image to a stranger with the download headers; documents are listed only', async () => {
    const owner = await t.signUp();
    const { token, image, notes } = await sharedChatWithFiles(owner);
    const shared = await t.anonymous().shares.get.query({ token });
    expect(shared.messages[0]!.attachments).toEqual([
      {
        ref: '0-0',
        name: 'notes.md',
        mediaType: 'text/markdown',
        size: MARKDOWN.length,
        kind: 'document',
      },
      { ref: '0-1', name: 'pixel.png', mediaType: 'image/png', size: PNG.length, kind: 'image' },
    ]);
    // The owner's file ids stay private.
    expect(JSON.stringify(shared)).not.toContain(image.id);
    expect(JSON.stringify(shared)).not.toContain(notes.id);

    const response = await fetchFile(token, '0-1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="pixel.png"; filename*=UTF-8''pixel.png`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);

    await expectMissing(await fetchFile(token, '0-0'));
  });

  it('is one 404 for an unknown ref, another link’s ref, an unknown token and after revoke', async () => {
    const owner = await t.signUp();
    const { token, session } = await sharedChatWithFiles(owner);
    const other = await sharedChatWithFiles(await t.signUp());
    for (const ref of ['0-2', '1-0', '9-9', 'x', '0-1-0'])
      await expectMissing(await fetchFile(token, ref));
    // Another link's image is reachable through its own token only.
    expect((await fetchFile(other.token, '0-1')).status).toBe(200);
    await expectMissing(await fetchFile('B'.repeat(32), '0-1'));

    await owner.client.sessions.unshare.mutate({ id: session.id });
    await expectMissing(await fetchFile(token, '0-1'));
  });

  it('is 404 once the owner deletes the message that carried the image', async () => {
    const owner = await t.signUp();
    const { token, message } = await sharedChatWithFiles(owner);
    expect((await fetchFile(token, '0-1')).status).toBe(200);
    await owner.client.messages.delete.mutate({ messageId: message.id });
    await expectMissing(await fetchFile(token, '0-1'));
    // The snapshot still lists it: the link shows the chat as it was, without the bytes.
    expect((await t.anonymous().shares.get.query({ token })).messages[0]!.attachments).toHaveLength(
      2,
    );
  });
});
