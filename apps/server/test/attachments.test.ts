import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { minimalPdf } from '@chatbot/ai/testing';
import { UploadError, uploadAttachment, type UploadFile } from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML, MARKDOWN, PNG } from './attachmentFiles';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';

const MAX_BYTES = 64 * 1024;
const QUOTA_BYTES = 200 * 1024;

let t: TestServer;
let owner: TestUser;
let intruder: TestUser;

beforeAll(async () => {
  t = await startTestServer({
    ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
    ATTACHMENT_QUOTA_BYTES: String(QUOTA_BYTES),
    ATTACHMENT_MAX_PER_MESSAGE: '3',
    // 4000 characters of document text a request: a long file is easy to make.
    ATTACHMENT_TEXT_BUDGET_TOKENS: '1000',
  });
  owner = await t.signUp();
  intruder = await t.signUp();
});
afterAll(async () => {
  await t?.close();
});

const target = (user: TestUser) => ({ url: t.trpcUrl, token: () => user.session.accessToken() });
const upload = (user: TestUser, file: UploadFile, idempotencyKey?: string) =>
  uploadAttachment(target(user), file, { idempotencyKey });
const named = (name: string, data: Uint8Array) => ({ name, data });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the upload to be refused');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UploadError);
  const { status, code, fileName, message } = error as UploadError;
  return { status, code, fileName, message };
}

const authed = async (user: TestUser) => ({
  authorization: `Bearer ${await user.session.accessToken()}`,
});

const storedFiles = async () => {
  const root = path.join(t.config.database.dataDir, 'attachments');
  const users = await fs.readdir(root).catch(() => []);
  const files = await Promise.all(users.map((dir) => fs.readdir(path.join(root, dir))));
  return files.flat().length;
};
const tempFiles = async () =>
  (await fs.readdir(t.app.uploadTempDir).catch(() => [] as string[])).length;

describe('POST /attachments', () => {
  it('stores an image, typed by its content, and serves it back to its owner', async () => {
    const stored = await upload(owner, named('pixel.png', PNG));
    expect(stored).toMatchObject({
      name: 'pixel.png',
      mediaType: 'image/png',
      size: PNG.length,
      kind: 'image',
    });
    const response = await fetch(`${t.server.url}/attachments/${stored.id}`, {
      headers: await authed(owner),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="pixel.png"; filename*=UTF-8''pixel.png`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('types a PNG renamed .txt as image/png', async () => {
    const stored = await upload(owner, named('not-really.txt', PNG));
    expect(stored).toMatchObject({ mediaType: 'image/png', kind: 'image' });
  });

  it('refuses an HTML file renamed .png with 415 naming the file', async () => {
    const before = await storedFiles();
    expect(await refusal(upload(owner, named('cute-cat.png', HTML)))).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      fileName: 'cute-cat.png',
    });
    expect(await storedFiles()).toBe(before);
  });

  it('refuses binary content that is not an allowed type, and text with NUL bytes', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array<number>(100).fill(0)]);
    expect((await refusal(upload(owner, named('archive.txt', zip)))).status).toBe(415);
    const nul = Buffer.from('hello\u0000world');
    expect((await refusal(upload(owner, named('notes.txt', nul)))).status).toBe(415);
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect((await refusal(upload(owner, named('cafe.txt', latin1)))).status).toBe(415);
  });

  it('stores a Markdown file and serves it as a download with its Unicode name', async () => {
    const stored = await upload(owner, named('Ünïcödé notes.md', MARKDOWN));
    expect(stored).toMatchObject({ mediaType: 'text/markdown', kind: 'document' });
    const response = await fetch(`${t.server.url}/attachments/${stored.id}`, {
      headers: await authed(owner),
    });
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="_n_c_d_ notes.md"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20notes.md`,
    );
    expect(await response.text()).toBe(MARKDOWN.toString());
  });

  it('states how much of a document the model reads: its text length and the budget', async () => {
    const long = await upload(owner, named('long.txt', Buffer.from('é'.repeat(10_000))));
    expect(long).toMatchObject({ kind: 'document', textChars: 10_000, modelTextBudgetChars: 4000 });
    const pdf = await upload(owner, named('report.pdf', minimalPdf('Revenue up 12 percent')));
    expect(pdf).toMatchObject({
      mediaType: 'application/pdf',
      textChars: 'Revenue up 12 percent'.length,
      modelTextBudgetChars: 4000,
    });
    // An image has no text to count.
    const image = await upload(owner, named('dot.png', PNG));
    expect(image).not.toHaveProperty('textChars');
    expect(image).not.toHaveProperty('modelTextBudgetChars');
  });

  it('refuses a PDF whose text cannot be read with 415 naming the file, storing nothing', async () => {
    const files = await storedFiles();
    const rows = await t.database.prisma.attachment.count({ where: { userId: owner.userId } });
    const broken = Buffer.from('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n');
    expect(await refusal(upload(owner, named('broken.pdf', broken)))).toEqual({
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      fileName: 'broken.pdf',
      message: 'The attached file "broken.pdf" could not be read: it is not a valid PDF',
    });
    expect(await storedFiles()).toBe(files);
    expect(await t.database.prisma.attachment.count({ where: { userId: owner.userId } })).toBe(
      rows,
    );
    expect(await tempFiles()).toBe(0);
  });

  it('refuses a file over the size limit with 413, leaving no file and no row', async () => {
    const rows = await t.database.prisma.attachment.count();
    const files = await storedFiles();
    const big = new Uint8Array(MAX_BYTES + 1).fill(97);
    expect(await refusal(upload(owner, named('big.txt', big)))).toMatchObject({
      status: 413,
      code: 'TOO_LARGE',
      fileName: 'big.txt',
    });
    // Streamed (no Content-Length): refused as the bytes pass, not from a header.
    const stream = new Blob([big]).stream();
    expect((await refusal(upload(owner, named('big-stream.txt', stream as never)))).status).toBe(
      413,
    );
    expect(await t.database.prisma.attachment.count()).toBe(rows);
    expect(await storedFiles()).toBe(files);
    expect(await tempFiles()).toBe(0);
  });

  it('refuses an upload past the quota with 409', async () => {
    const user = await t.signUp();
    const chunk = new Uint8Array(60 * 1024).fill(98);
    for (let index = 0; index < 3; index += 1) await upload(user, named(`part${index}.txt`, chunk));
    expect(await refusal(upload(user, named('one-too-many.txt', chunk)))).toMatchObject({
      status: 409,
      code: 'QUOTA',
    });
  });

  it('answers 400 without a file part, 401 without a token', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${t.server.url}/attachments`, {
      method: 'POST',
      body: form,
      headers: await authed(owner),
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ error: { code: 'NO_FILE', field: 'file' } });
    expect(
      (await refusal(uploadAttachment({ url: t.trpcUrl }, named('a.txt', MARKDOWN)))).status,
    ).toBe(401);
  });

  it('returns the first upload for a repeated Idempotency-Key', async () => {
    const first = await upload(owner, named('once.md', MARKDOWN), 'key-1');
    const again = await upload(owner, named('once.md', MARKDOWN), 'key-1');
    expect(again.id).toBe(first.id);
    expect(await t.database.prisma.attachment.count({ where: { idempotencyKey: 'key-1' } })).toBe(
      1,
    );
  });

  it('leaves no temp file, stored file or row when the client aborts mid-upload', async () => {
    const rows = await t.database.prisma.attachment.count();
    const files = await storedFiles();
    const token = await owner.session.accessToken();
    const socket = net.connect(t.server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const boundary = 'abortedboundary';
    socket.write(
      `POST /attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 50000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\n` +
        'x'.repeat(20_000),
    );
    await expect.poll(tempFiles, { timeout: 20_000 }).toBe(1);
    socket.destroy();
    await expect.poll(tempFiles, { timeout: 20_000 }).toBe(0);
    expect(await t.database.prisma.attachment.count()).toBe(rows);
    expect(await storedFiles()).toBe(files);
  });
});

describe('attachments and messages', () => {
  it('sends a message with files; messages.list shows them on the user message', async () => {
    const session = await owner.client.sessions.create.mutate({ title: 'With files' });
    const image = await upload(owner, named('pixel.png', PNG));
    // A message lists the file itself, without the upload's text counts.
    const {
      textChars: _chars,
      modelTextBudgetChars: _budget,
      ...notes
    } = await upload(owner, named('notes.md', MARKDOWN));
    const sent = await owner.client.messages.send.mutate({
      sessionId: session.id,
      content: 'Look at these',
      attachmentIds: [notes.id, image.id],
    });
    expect(sent.userMessage.attachments).toEqual([notes, image]);
    const page = await owner.client.messages.list.query({ sessionId: session.id });
    expect(page.items[0]?.attachments).toEqual([notes, image]);
    // Attached once: a second send with it is NOT_FOUND, and it can no longer be deleted alone.
    await expect
      .poll(
        async () =>
          (await owner.client.messages.list.query({ sessionId: session.id })).items[1]?.status,
        { timeout: 20_000 },
      )
      .not.toBe('streaming');
    expect(
      await errorOf(
        owner.client.messages.send.mutate({
          sessionId: session.id,
          content: 'again',
          attachmentIds: [image.id],
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'attachmentIds' });
    const remove = await fetch(`${t.server.url}/attachments/${image.id}`, {
      method: 'DELETE',
      headers: await authed(owner),
    });
    expect(remove.status).toBe(409);
  });

  it('refuses more files than ATTACHMENT_MAX_PER_MESSAGE', async () => {
    const session = await owner.client.sessions.create.mutate({ title: 'Too many' });
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async (n) => (await upload(owner, named(`${n}.md`, MARKDOWN))).id),
    );
    expect(
      await errorOf(
        owner.client.messages.send.mutate({
          sessionId: session.id,
          content: 'x',
          attachmentIds: ids,
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'attachmentIds' });
  });

  it('deletes an upload not attached yet', async () => {
    const stored = await upload(owner, named('draft.md', MARKDOWN));
    const files = await storedFiles();
    const response = await fetch(`${t.server.url}/attachments/${stored.id}`, {
      method: 'DELETE',
      headers: await authed(owner),
    });
    expect(response.status).toBe(200);
    expect(await storedFiles()).toBe(files - 1);
    const gone = await fetch(`${t.server.url}/attachments/${stored.id}`, {
      headers: await authed(owner),
    });
    expect(gone.status).toBe(404);
  });
});

describe('ownership', () => {
  it("another user's attachment is 404 on GET and DELETE, NOT_FOUND in send", async () => {
    const stored = await upload(owner, named('secret.png', PNG));
    for (const method of ['GET', 'DELETE', 'HEAD']) {
      const response = await fetch(`${t.server.url}/attachments/${stored.id}`, {
        method,
        headers: await authed(intruder),
      });
      expect(response.status, method).toBe(404);
    }
    const session = await intruder.client.sessions.create.mutate({ title: 'Mine' });
    expect(
      await errorOf(
        intruder.client.messages.send.mutate({
          sessionId: session.id,
          content: 'steal',
          attachmentIds: [stored.id],
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'attachmentIds' });
    // Nothing of the failed send was stored, and the owner still has the file.
    expect((await intruder.client.messages.list.query({ sessionId: session.id })).items).toEqual(
      [],
    );
    const still = await fetch(`${t.server.url}/attachments/${stored.id}`, {
      headers: await authed(owner),
    });
    expect(still.status).toBe(200);
  });
});

/** A chat whose first message carries one PNG, once its reply has ended. */
async function chatWithFile(
  user: TestUser,
  { title = 'To delete', fileName = 'gone-soon.png', content = 'with a file' } = {},
) {
  const session = await user.client.sessions.create.mutate({ title });
  const file = await upload(user, named(fileName, PNG));
  const sent = await user.client.messages.send.mutate({
    sessionId: session.id,
    content,
    attachmentIds: [file.id],
  });
  await expect
    .poll(
      async () =>
        (await user.client.messages.list.query({ sessionId: session.id })).items[1]?.status,
      { timeout: 20_000 },
    )
    .not.toBe('streaming');
  return { session, file, message: sent.userMessage };
}

describe('deletion removes the files', () => {
  const rowsOf = (userId: string) => t.database.prisma.attachment.count({ where: { userId } });

  it('deleting a message (and its subtree) deletes its files', async () => {
    const user = await t.signUp();
    const { message } = await chatWithFile(user);
    const files = await storedFiles();
    await user.client.messages.delete.mutate({ messageId: message.id });
    expect(await rowsOf(user.userId)).toBe(0);
    expect(await storedFiles()).toBe(files - 1);
  });

  it('deleting a session deletes its files', async () => {
    const user = await t.signUp();
    const { session } = await chatWithFile(user);
    const files = await storedFiles();
    await user.client.sessions.delete.mutate({ id: session.id });
    expect(await rowsOf(user.userId)).toBe(0);
    expect(await storedFiles()).toBe(files - 1);
  });

  it('deleting the account deletes every file it stored', async () => {
    const user = await t.signUp();
    await chatWithFile(user);
    await upload(user, named('never-attached.md', MARKDOWN));
    const files = await storedFiles();
    await user.client.auth.deleteAccount.mutate({ password: user.password });
    expect(await rowsOf(user.userId)).toBe(0);
    expect(await storedFiles()).toBe(files - 2);
  });
});

describe('exports', () => {
  it('lists the files in JSON and links them in Markdown', async () => {
    const { session, file } = await chatWithFile(owner, {
      title: 'Exported',
      fileName: 'diagram.png',
      content: 'See the diagram',
    });
    const json = await owner.client.sessions.export.query({ id: session.id, format: 'json' });
    const exported = JSON.parse(json.content) as {
      messages: { role: string; attachments?: unknown[] }[];
    };
    expect(exported.messages[0]?.attachments).toEqual([
      { id: file.id, name: 'diagram.png', mediaType: 'image/png', size: PNG.length, kind: 'image' },
    ]);
    expect(exported.messages[1]?.attachments).toBeUndefined();
    const markdown = await owner.client.sessions.export.query({ id: session.id, format: 'md' });
    expect(markdown.content).toContain(
      `- [diagram.png](attachments/${file.id}) (image/png, ${PNG.length} bytes)`,
    );
  });
});
