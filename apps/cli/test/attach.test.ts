import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createChatSession } from '@chatbot/client';
import { environmentWith } from '@chatbot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runInPty } from './pty';
import { startServer, type TestServer } from './server';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-attach-'));
const work = path.join(folder, 'work');
let server: TestServer;
const env = () =>
  environmentWith({
    CHATBOT_CONFIG_DIR: path.join(folder, 'config'),
    HOME: folder,
    NO_COLOR: '',
    // Relative paths are relative to the folder the command started in.
    INIT_CWD: '',
  });

/** A 1×1 red PNG. */
const RED_DOT = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'red dot.png'), RED_DOT);
  fs.writeFileSync(path.join(work, 'notes.md'), '# Notes\n\nBring snacks.\n');
  // Past the default text budget (32,000 tokens, about 128,000 characters a request).
  fs.writeFileSync(path.join(work, 'long.txt'), 'x'.repeat(130_000));
  // A ZIP archive under a text file's name: the server types files by content.
  fs.writeFileSync(
    path.join(work, 'fake.txt'),
    Buffer.from('504b0304140000000800000000000000000000000000000000000000', 'hex'),
  );
  server = await startServer(path.join(folder, 'data'));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('/attach in the terminal', () => {
  it('queues files with progress, lists and removes them, sends them with the next message', async () => {
    const cli = runInPty([process.execPath, builtCli, '--url', server.url], {
      env: env(),
      cwd: work,
    });
    await cli.waitFor('you> ');
    cli.type('/attach red dot.png\r');
    await cli.waitFor('Not signed in: use /register <email> or /login <email> first.');

    cli.type('/register attach-user@example.com\r');
    await cli.waitFor('Password: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Password again: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Signed in as attach-user@example.com.');

    cli.type('/help\r');
    await cli.waitFor('/attach <file>');
    cli.type('/attach\r');
    await cli.waitFor('No files attached. Use /attach <path> to add one.');
    cli.type('/attach missing.png\r');
    await cli.waitFor(`Cannot read ${path.join(work, 'missing.png')}: ENOENT.`);

    cli.type('/attach red dot.png\r');
    await cli.waitFor(/Uploading .*red dot\.png… 100%/);
    await cli.waitFor(
      'Attached red dot.png (image/png, 70 bytes); it goes with your next message.',
    );
    cli.type('/attach notes.md\r');
    await cli.waitFor(/Attached notes\.md \(text\/markdown, 23 bytes\)/);
    cli.type('/attach fake.txt\r');
    // The server's reason, as it words it.
    await cli.waitFor(/Error: .*fake\.txt.*\n/);
    expect(cli.text()).not.toMatch(/Something went wrong|HTTP 4\d\d/);

    cli.type('/attach\r');
    await cli.waitFor(/1\. red dot\.png {2}\(image\/png, 70 bytes\)\n\s+2\. notes\.md/);
    cli.type('/detach 3\r');
    await cli.waitFor('No file number 3: the list has 1 to 2. Type /attach to see it.');
    cli.type('/detach 2\r');
    await cli.waitFor('Removed notes.md. 1 queued.');

    cli.type('/new Picnic\r');
    await cli.waitFor('New chat "Picnic" [echo].');
    cli.type('What colour is this?\r');
    await cli.waitFor('(sent with 1 attached file)');
    await cli.waitFor(/assistant> .*\n/);
    cli.type('/attach\r');
    await cli.waitFor('No files attached.');

    // The stored message carries the picture, as the typed client lists it.
    const reader = createChatSession({ url: server.url });
    try {
      await reader.login({ email: 'attach-user@example.com', password: 'a long enough password' });
      const [picnic] = (await reader.client.sessions.list.query({ limit: 1 })).items;
      const { items } = await reader.client.messages.list.query({ sessionId: picnic!.id });
      expect(items[0]!.attachments).toMatchObject([
        { name: 'red dot.png', mediaType: 'image/png', size: 70, kind: 'image' },
      ]);
    } finally {
      reader.close();
    }

    // A document the model gets only part of, sent on its own (an empty line): the reply says so.
    cli.type('/attach long.txt\r');
    await cli.waitFor(/Attached long\.txt/);
    cli.type('\r');
    await cli.waitFor('(sent with 1 attached file)');
    await cli.waitFor(
      '[Only the first 128,000 of 130,000 characters of long.txt reached the model (the attached text is limited per request).]',
    );

    cli.type('/quit\r');
    expect(await cli.exited).toBe(0);
  });
});
