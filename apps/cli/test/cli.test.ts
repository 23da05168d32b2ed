import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './pty';
import { startServer, type TestServer } from './server';

// The built command with piped input and output, as a script would run it: plain text, no prompt.
let server: TestServer;
let trpcUrl: string;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-'));

beforeAll(async () => {
  server = await startServer(path.join(folder, 'data'));
  trpcUrl = `${server.url}/trpc`;
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

const runBuilt = (args: string[], env: Record<string, string>) =>
  spawn(process.execPath, [builtCli, ...args], { env: environmentWith({ NO_COLOR: '', ...env }) });

/** Run the CLI with scripted input lines; resolve with its output once it exits. */
async function runCli(lines: string[], env: Record<string, string> = {}) {
  const child = runBuilt(['--url', trpcUrl], {
    CHATBOT_CONFIG_DIR: path.join(folder, 'config'),
    ...env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(`${lines.join('\n')}\n`);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

describe('the terminal chat', () => {
  it('registers, starts a chat, sends, shows the reply and exports it', async () => {
    // Relative to the folder the command started in (no INIT_CWD: not run through pnpm).
    const markdownFile = path.join(folder, 'chat.md');
    const jsonFile = path.join(folder, 'chat.json');
    const run = await runCli([
      '/sessions',
      '/register cli-user@example.com',
      'a long enough password',
      'a long enough password',
      '/new Road trip',
      'Where should we stop first?',
      '/export md ' + markdownFile,
      '/export json ' + jsonFile,
      '/sessions',
      '/model',
      '/quit',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Not signed in: use /register <email> or /login <email>.');
    expect(run.stdout).toContain(
      'Error: Not signed in: use /register <email> or /login <email> first.',
    );
    expect(run.stdout).toContain('Signed in as cli-user@example.com.');
    expect(run.stdout).toContain('New chat "Road trip" [echo].');
    expect(run.stdout).toMatch(
      /assistant> I am the echo model.*You said: Where should we stop first\?\n/,
    );
    expect(run.stdout).toMatch(/\* 1\. Road trip {2}\[echo\] {2}\d{4}-\d\d-\d\d \d\d:\d\d\n/);
    expect(run.stdout).not.toContain('\x1b['); // no colours, no spinner into a pipe
    expect(run.stdout).toMatch(/\* echo {2}\(echo\) {2}default/);

    const markdown = fs.readFileSync(markdownFile, 'utf8');
    expect(markdown).toMatch(/^# Road trip\n/);
    expect(markdown).toContain('Where should we stop first?');
    const exported = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    expect(exported.messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
    ]);

    // Tokens are kept for the next run, readable by this user only.
    const credentials = path.join(folder, 'config', 'credentials.json');
    expect(fs.statSync(credentials).mode & 0o777).toBe(0o600);
  });

  it('stays signed in across runs and reopens a chat by number', async () => {
    const run = await runCli(['/sessions', '/open 1', '/quit']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Signed in as cli-user@example.com.');
    expect(run.stdout).toContain('Opened "Road trip" [echo].');
    expect(run.stdout).toMatch(/\n {2}\d\d:\d\d you: Where should we stop first\?\n/);
  });

  it('answers bad input with a clear message, never a stack trace', async () => {
    const run = await runCli([
      '/bogus',
      '/export pdf somewhere',
      '/export md',
      '/open 99',
      '/model no-such-model',
      '/new',
      '/model no-such-model',
      '/login nobody@example.com',
      'wrong password',
      '/register not-an-email',
      '/register someone@example.com',
      'a long enough password',
      'not the same',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Unknown command /bogus. Type /help for the list.');
    expect(run.stdout).toContain('Error: Usage: /export md|json <file>');
    expect(run.stdout).toContain('Error: No chat number 99:');
    expect(run.stdout).toContain('Error: Unknown model "no-such-model". Type /model for the list.');
    expect(run.stdout).toContain('Error: Invalid email or password');
    expect(run.stdout).toContain('Error: "not-an-email" is not an email address.');
    expect(run.stdout).toContain('Error: The passwords do not match: nothing was done.');
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.stderr).toBe('');
  });

  it('explains when the server cannot be reached', async () => {
    const child = runBuilt(['--url', 'http://127.0.0.1:9/trpc'], {
      CHATBOT_CONFIG_DIR: path.join(folder, 'offline'),
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.end('/register someone@example.com\npassword123\npassword123\n');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(stdout).toContain('Error: Cannot reach the server at http://127.0.0.1:9/trpc');
  });
});

describe('Ctrl+C while a reply streams', () => {
  it('cancels the reply, keeps its partial text, and the program goes on', async () => {
    const child = runBuilt(['--url', trpcUrl], { CHATBOT_CONFIG_DIR: path.join(folder, 'config') });
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // The echo model speaks one word every 40 ms: interrupt after its first words.
      if (!interrupted && /assistant> I am the echo/.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
        setTimeout(() => child.stdin.end('/sessions\n/quit\n'), 500);
      }
    });
    child.stdin.write('/new Interrupted\nplease talk for a while\n');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(stdout).toMatch(/assistant> I am the echo[^\n]*\n\[reply cancelled\]\n/);
    expect(stdout).not.toContain('You said: please talk for a while');
    expect(stdout).toContain('Interrupted'); // listed by /sessions after the interrupt
  });
});
