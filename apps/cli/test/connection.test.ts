import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli, runInPty, type PtySession } from './pty';
import { startServer, type TestServer } from './server';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-drop-'));
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  fs.rmSync(folder, { recursive: true, force: true });
});

/** A server of its own (the test kills it), and the CLI signed in to it, a reply under way. */
async function replyUnderWay(name: string): Promise<{ cli: PtySession; server: TestServer }> {
  const server = await startServer(path.join(folder, name));
  servers.push(server);
  const cli = runInPty([process.execPath, builtCli, '--url', server.url], {
    env: environmentWith({ CHATBOT_CONFIG_DIR: path.join(folder, `${name}-config`) }),
  });
  await cli.waitFor('you> ');
  cli.type(`/register ${name}@example.com\r`);
  await cli.waitFor('Password: ');
  cli.type('a long enough password\r');
  await cli.waitFor('Password again: ');
  cli.type('a long enough password\r');
  await cli.waitFor(`Signed in as ${name}@example.com.`);
  // The echo model says one word every 40 ms: this reply takes about 20 s.
  cli.type(`${'keep talking for a good while '.repeat(80)}\r`);
  await cli.waitFor('assistant> I am the echo');
  return { cli, server };
}

describe('the server dies while a reply streams', () => {
  it('says the connection is lost, and Ctrl+C returns to the prompt at once', async () => {
    const { cli, server } = await replyUnderWay('dropped');
    await server.stop('SIGKILL');
    await cli.waitFor('connection lost, reconnecting…');
    cli.interrupt();
    await cli.waitFor(/\n\[reply cancelled\]\n/);
    await cli.waitFor('you> ');
    // Still usable: a command says the server is away instead of hanging.
    cli.type('/sessions\r');
    await cli.waitFor(`Error: Cannot reach the server at ${server.url}/trpc. Is it running?`);
    cli.interrupt();
    expect(await cli.exited).toBe(0);
  });

  it('gives up after its bound and marks the reply interrupted', async () => {
    const { cli, server } = await replyUnderWay('abandoned');
    await server.stop('SIGKILL');
    await cli.waitFor('connection lost, reconnecting…');
    await cli.waitFor(/\[reply interrupted: the server did not come back within \d+ s/, 90_000);
    await cli.waitFor('you> ');
    cli.type('/quit\r');
    expect(await cli.exited).toBe(0);
  });
});
