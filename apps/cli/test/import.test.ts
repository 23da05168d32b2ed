import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { closeChatClient, createChatClient } from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runInPty } from './pty';
import { startServer, type TestServer } from './server';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-import-'));
let server: TestServer;
const env = () =>
  environmentWith({
    CHATBOT_CONFIG_DIR: path.join(folder, 'config'),
    HOME: folder,
    NO_COLOR: '1',
    INIT_CWD: '',
  });

beforeAll(async () => {
  server = await startServer(path.join(folder, 'data'));
  // ChatGPT's shape, one message each: the parsing itself is tested in packages/core.
  const chat = (id: string, title: string) => ({
    id,
    title,
    create_time: 1_700_000_000,
    current_node: 'q',
    mapping: {
      q: {
        id: 'q',
        parent: null,
        children: [],
        message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['hi'] } },
      },
    },
  });
  fs.writeFileSync(
    path.join(folder, 'conversations.json'),
    JSON.stringify([
      chat('one', 'Imported one'),
      { id: 'broken', title: 'Broken', mapping: 7 },
      chat('two', 'Imported two'),
    ]),
  );
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('/import in the terminal', () => {
  it('streams a ChatGPT file to the server, prints the summary and the failure; lists and switches the versions of a reply', async () => {
    const cli = runInPty([process.execPath, builtCli, '--url', server.url], {
      env: env(),
      cwd: folder,
    });
    await cli.waitFor('you> ');
    cli.type('/register cli-import@example.com\r');
    await cli.waitFor('Password: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Password again: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Signed in as cli-import@example.com.');

    cli.type(`/import ${path.join(folder, 'conversations.json')}\r`);
    await cli.waitFor('Imported 2 chats, skipped 0 (imported before), 1 failed.');
    await cli.waitFor('#2 "Broken": The conversation has no mapping');
    cli.type(`/import ${path.join(folder, 'conversations.json')}\r`);
    await cli.waitFor('Imported 0 chats, skipped 2 (imported before), 1 failed.');
    cli.type('/sessions\r');
    await cli.waitFor('Imported two');

    // Versions: a reply regenerated elsewhere (the typed client), listed and switched here.
    cli.type('/new Versions\r');
    await cli.waitFor('New chat "Versions"');
    cli.type('first prompt\r');
    await cli.waitFor(/You said: first prompt\n/);
    await cli.waitFor('you> ');
    const stored = JSON.parse(
      fs.readFileSync(path.join(folder, 'config', 'credentials.json'), 'utf8'),
    ) as Record<string, { accessToken: string }>;
    const client = createChatClient({
      url: `${server.url}/trpc`,
      token: Object.values(stored)[0]!.accessToken,
    });
    const session = (await client.sessions.list.query()).items.find(
      (item) => item.title === 'Versions',
    )!;
    const reply = async () =>
      (await client.messages.list.query({ sessionId: session.id })).items.at(-1)!;
    await client.messages.regenerate.mutate({ messageId: (await reply()).id });
    await expect.poll(async () => (await reply()).status, { timeout: 20_000 }).toBe('complete');
    cli.type('/versions\r');
    await cli.waitFor('The last reply has 2 versions; showing 2: I am the echo model');
    cli.type('/branch 1\r');
    await cli.waitFor('Showing version 1 of 2: I am the echo model');
    expect((await reply()).siblingIds.indexOf((await reply()).id)).toBe(0);
    cli.type('/branch 3\r');
    await cli.waitFor('No version 3: the last reply has 1 to 2.');
    closeChatClient(client);
    cli.type('/quit\r');
  });
});
