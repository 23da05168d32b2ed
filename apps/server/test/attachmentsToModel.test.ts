import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { uploadAttachment } from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN, PNG } from './attachmentFiles';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';

let fake: FakeOpenAI;
let t: TestServer;
let user: TestUser;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer({
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'gpt-4o, plain-text-model',
    OPENAI_VISION_MODELS: 'gpt-4o',
  });
  user = await t.signUp();
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const upload = (name: string, data: Uint8Array) =>
  uploadAttachment({ url: t.trpcUrl, token: () => user.session.accessToken() }, { name, data });

async function modelId(name: string) {
  const models = await user.client.models.list.query();
  const found = models.find((model) => model.id.endsWith(name));
  if (!found) throw new Error(`no model ${name} in ${models.map((model) => model.id).join(', ')}`);
  return found.id;
}

describe('upload -> send -> what the provider receives', () => {
  it('sends the image as an image_url part and the document inlined as text', async () => {
    const session = await user.client.sessions.create.mutate({
      title: 'Files to the model',
      model: await modelId('gpt-4o'),
    });
    const image = await upload('pixel.png', PNG);
    const notes = await upload('notes.md', MARKDOWN);
    const before = fake.requests.length;
    await user.client.messages.send.mutate({
      sessionId: session.id,
      content: 'Describe these',
      attachmentIds: [image.id, notes.id],
    });
    const [request] = (await fake.waitForRequests(before + 1, 20_000)).slice(before);
    const last = request!.body.messages.at(-1)!;
    expect(last.role).toBe('user');
    const parts = Array.isArray(last.content)
      ? last.content
      : [{ type: 'text', text: last.content }];
    const images = parts.filter((part) => part.type === 'image_url');
    expect(images).toHaveLength(1);
    expect((images[0] as { image_url: { url: string } }).image_url.url).toBe(
      `data:image/png;base64,${PNG.toString('base64')}`,
    );
    const text = parts
      .filter((part) => part.type === 'text')
      .map((part) => (part as { text: string }).text)
      .join('\n');
    expect(text).toContain('Attached file notes.md:');
    expect(text).toContain(MARKDOWN.toString().trim());
    expect(text).toContain('Describe these');
  });

  it('refuses an image for a model without vision, storing nothing', async () => {
    const session = await user.client.sessions.create.mutate({
      title: 'Blind model',
      model: await modelId('plain-text-model'),
    });
    const image = await upload('pixel.png', PNG);
    expect(
      await errorOf(
        user.client.messages.send.mutate({
          sessionId: session.id,
          content: 'See this?',
          attachmentIds: [image.id],
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'attachmentIds' });
    expect((await user.client.messages.list.query({ sessionId: session.id })).items).toEqual([]);
    // Still unattached: usable in another chat.
    const row = await t.database.prisma.attachment.findUniqueOrThrow({ where: { id: image.id } });
    expect(row.messageId).toBeNull();
  });

  it('a document past the text budget is cut, and the reply says so (stored and listed)', async () => {
    const session = await user.client.sessions.create.mutate({
      title: 'Long file',
      model: await modelId('gpt-4o'),
    });
    // The default budget: 32,000 tokens, about 128,000 characters a request.
    const long = await upload('long.txt', new TextEncoder().encode('x'.repeat(130_000)));
    const before = fake.requests.length;
    await user.client.messages.send.mutate({
      sessionId: session.id,
      content: 'Summarise it',
      attachmentIds: [long.id],
    });
    const [request] = (await fake.waitForRequests(before + 1, 20_000)).slice(before);
    expect(JSON.stringify(request!.body.messages.at(-1))).toContain(
      'only the first 128000 of 130000 characters of long.txt are included',
    );
    const reply = async () => {
      const { items } = await user.client.messages.list.query({ sessionId: session.id });
      return items.find((message) => message.role === 'assistant');
    };
    await expect.poll(async () => (await reply())?.status, { timeout: 20_000 }).toBe('complete');
    expect((await reply())?.attachmentNotice).toEqual({
      truncated: [{ name: 'long.txt', keptChars: 128_000, totalChars: 130_000 }],
      omittedImages: [],
    });
    // A reply that got its files whole carries no notice.
    const { items } = await user.client.messages.list.query({ sessionId: session.id });
    expect(items.find((message) => message.role === 'user')).not.toHaveProperty('attachmentNotice');
  });

  it('files alone are a message; no text and no files is refused on content', async () => {
    const session = await user.client.sessions.create.mutate({
      title: 'Just a picture',
      model: await modelId('gpt-4o'),
    });
    const image = await upload('pixel.png', PNG);
    const before = fake.requests.length;
    const sent = await user.client.messages.send.mutate({
      sessionId: session.id,
      content: '  ',
      attachmentIds: [image.id],
    });
    expect(sent.userMessage).toMatchObject({ content: '', attachments: [{ id: image.id }] });
    const [request] = (await fake.waitForRequests(before + 1, 20_000)).slice(before);
    // The image part only: no empty text part beside it.
    expect(request!.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        {
          type: 'image_url',
          image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` },
        },
      ],
    });
    expect(
      await errorOf(user.client.messages.send.mutate({ sessionId: session.id, content: ' ' })),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'content' });
  });
});
