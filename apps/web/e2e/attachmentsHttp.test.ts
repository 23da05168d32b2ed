import { createUser } from '@chatbot/core/accounts';
import { describe, expect, it } from 'vitest';
import { signInOverHttp } from './authHttp';
import { webSuite } from './suite';

const password = 'a long enough password';
const email = 'uploader@example.com';

// Larger than the 10 MB a Next proxy would buffer: the route must stream it.
const MAX_BYTES = 12 * 1024 * 1024;

const suite = webSuite({
  env: () => ({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES) }),
  async seed({ prisma }) {
    await createUser(prisma, { email, password });
  },
});

function form(name: string, data: Uint8Array, type = 'application/octet-stream') {
  const body = new FormData();
  body.append('file', new Blob([data as BlobPart], { type }), name);
  return body;
}

describe.skipIf(!suite.enabled)('/api/attachments on the web app', () => {
  it('uploads with the session cookie, streams a file past 10 MB, serves it to its owner', async () => {
    const signIn = await signInOverHttp(suite.web.url, { email, password });
    const cookie = signIn.cookies.join('; ');
    const origin = suite.web.url;
    const big = new Uint8Array(11 * 1024 * 1024).fill(120);
    const uploaded = await fetch(`${origin}/api/attachments`, {
      method: 'POST',
      headers: { cookie, origin },
      body: form('big.txt', big),
    });
    expect(uploaded.status).toBe(201);
    const stored = (await uploaded.json()) as { id: string; size: number; mediaType: string };
    expect(stored).toMatchObject({ size: big.length, mediaType: 'text/plain' });

    const download = await fetch(`${origin}/api/attachments/${stored.id}`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="big.txt"/);
    expect((await download.arrayBuffer()).byteLength).toBe(big.length);

    // Anonymous: 401; another site's page: 403; too large: 413.
    const anonymous = await fetch(`${origin}/api/attachments/${stored.id}`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${origin}/api/attachments`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
      body: form('a.txt', new TextEncoder().encode('hi')),
    });
    expect(forged.status).toBe(403);
    const tooLarge = await fetch(`${origin}/api/attachments`, {
      method: 'POST',
      headers: { cookie, origin },
      body: form('huge.txt', new Uint8Array(MAX_BYTES + 1).fill(120)),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { field: 'file', name: 'huge.txt' } });
  });
});
