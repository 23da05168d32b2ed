import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli, runInPty } from './pty';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-start-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const env = environmentWith({ CHATBOT_CONFIG_DIR: path.join(folder, 'config'), NO_COLOR: '' });
const version = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the chatbot command, started with plain node in a terminal', () => {
  it('--help explains the options and exits 0', async () => {
    const cli = runInPty([process.execPath, builtCli, '--help'], { env });
    await cli.waitFor('Usage: chatbot [--url <address>]');
    expect(await cli.exited).toBe(0);
    expect(cli.text()).toContain('--version');
    expect(cli.text()).toContain('CHATBOT_URL');
  });

  it('--version prints the package version', async () => {
    const cli = runInPty([process.execPath, builtCli, '--version'], { env });
    expect(await cli.exited).toBe(0);
    expect(cli.text().trim()).toBe(version);
  });

  it('refuses --url foo before asking anything', async () => {
    const cli = runInPty([process.execPath, builtCli, '--url', 'foo'], { env });
    expect(await cli.exited).toBe(2);
    expect(cli.text()).toContain('--url must be an http(s) URL like http://127.0.0.1:3001/trpc');
    expect(cli.text()).not.toMatch(/Password|you>/);
  });

  it('refuses a bad CHATBOT_URL the same way, and an unknown option', async () => {
    const bad = runInPty([process.execPath, builtCli], {
      env: { ...env, CHATBOT_URL: 'ftp://example.com' },
    });
    expect(await bad.exited).toBe(2);
    expect(bad.text()).toContain('CHATBOT_URL must be an http(s) URL');
    const unknown = runInPty([process.execPath, builtCli, '--colour'], { env });
    expect(await unknown.exited).toBe(2);
    expect(unknown.text()).toContain("Unknown option '--colour'.\nTry chatbot --help.");
  });

  it('with the server down, adds the missing /trpc, says so plainly and claims no sign-in', async () => {
    // A saved sign-in for that address, as left by an earlier run.
    const url = 'http://127.0.0.1:9/trpc';
    const configDir = path.join(folder, 'saved');
    fs.mkdirSync(configDir, { recursive: true });
    const user = { id: 'u1', email: 'saved@example.com', name: null, createdAt: new Date() };
    const tokens = {
      accessToken: 'a',
      refreshToken: 'r',
      accessTokenExpiresAt: Date.now() + 3_600_000,
      user,
    };
    fs.writeFileSync(path.join(configDir, 'credentials.json'), JSON.stringify({ [url]: tokens }));

    const cli = runInPty([process.execPath, builtCli, '--url', 'http://127.0.0.1:9'], {
      env: { ...env, CHATBOT_CONFIG_DIR: configDir },
    });
    await cli.waitFor(`Chatbot AI at ${url}.`);
    await cli.waitFor(`Cannot reach the server at ${url}. Is it running?`);
    await cli.waitFor('you> ');
    expect(cli.text()).not.toContain('Signed in');
    // Ctrl+C at the idle prompt leaves cleanly.
    cli.interrupt();
    expect(await cli.exited).toBe(0);
    expect(cli.text()).not.toMatch(/Error|ERR_/);
  });

  it('Ctrl+C gets the prompt back from a server that accepts but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const cli = runInPty([process.execPath, builtCli, '--url', `http://127.0.0.1:${port}`], {
        env,
      });
      // The start-up check gives up on its own after a while, then the prompt comes.
      await cli.waitFor('Cannot reach the server at');
      await cli.waitFor('you> ');
      cli.type('/login someone@example.com\r');
      await cli.waitFor('Password: ');
      cli.type('a password\r');
      await cli.waitFor('\n'); // the hidden field's line ends: the request is under way
      cli.interrupt();
      await cli.waitFor('Stopped.');
      await cli.waitFor('you> ');
      cli.interrupt();
      expect(await cli.exited).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
