import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runInPty } from './pty';
import { startServer, type TestServer } from './server';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-cli-chat-'));
const home = path.join(folder, 'home');
const elsewhere = path.join(folder, 'elsewhere');
let server: TestServer;
// Minutes east of UTC, and no daylight saving: a UTC time shown as local is visibly wrong.
const TIME_ZONE = 'Asia/Kolkata';
const env = () =>
  environmentWith({
    CHATBOT_CONFIG_DIR: path.join(folder, 'config'),
    HOME: home,
    TZ: TIME_ZONE,
    NO_COLOR: '',
    INIT_CWD: '',
  });

beforeAll(async () => {
  fs.mkdirSync(home);
  fs.mkdirSync(elsewhere);
  server = await startServer(path.join(folder, 'data'));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** An SGR (colour) sequence; readline's own cursor moves are other escape sequences. */
const SGR = '\\x1b\\[[0-9;]*m';
const sgrColour = new RegExp(SGR);
const localMinute = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);

describe('the chatbot command in a terminal', () => {
  it('registers (email first, password twice), chats with a spinner and colours, cancels', async () => {
    const cli = runInPty([process.execPath, builtCli, '--url', server.url], { env: env() });
    await cli.waitFor('Not signed in: use /register <email> or /login <email>.');
    await cli.waitFor('you> ');

    cli.type('/register not-an-email\r');
    await cli.waitFor('"not-an-email" is not an email address.');
    expect(cli.text()).not.toContain('Password');

    cli.type('/register pty-user@example.com\r');
    await cli.waitFor('Password: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Password again: ');
    cli.type('a long enough passwort\r');
    await cli.waitFor('The passwords do not match: nothing was done.');
    cli.type('/register pty-user@example.com\r');
    await cli.waitFor('Password: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Password again: ');
    cli.type('a long enough password\r');
    await cli.waitFor('Signed in as pty-user@example.com.');
    expect(cli.text()).not.toContain('a long enough'); // hidden as typed

    const before = new Date();
    cli.type('/new Road trip\r');
    await cli.waitFor('New chat "Road trip" [echo].');
    cli.type('Where should we stop first?\r');
    await cli.waitFor(/You said: Where should we stop first\?\n/);
    const after = new Date();
    // A spinner frame right after the label, before the first word replaced it.
    expect(cli.raw()).toMatch(new RegExp(`assistant>(${SGR})? [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]`));
    expect(cli.raw()).toMatch(sgrColour);

    // Ctrl+C during a reply: it stops, keeps its text, is marked, and the prompt comes back.
    cli.type(`${'please talk for a while '.repeat(20)}\r`);
    await cli.waitFor('assistant> I am the echo');
    cli.interrupt();
    await cli.waitFor(/\n\[reply cancelled\]\n/);
    await cli.waitFor('you> ');

    // Local times in the list; numbers that are not there are named in words.
    cli.type('/sessions\r');
    const listed = await cli.waitFor(/\* 1\. Road trip {2}\[echo\] {2}(\S+ \S+)\n/);
    const shown = /(\d{4}-\d\d-\d\d \d\d:\d\d)\n$/.exec(listed)![1]!;
    expect(shown >= localMinute(before) && shown <= localMinute(after)).toBe(true);
    cli.type('/open 9\r');
    await cli.waitFor('No chat number 9: the list has 1 to 1. Type /sessions to see it.');

    // History is set apart from the prompt and marks the cancelled reply.
    cli.type('/open 1\r');
    await cli.waitFor('Opened "Road trip" [echo].');
    await cli.waitFor(/ {2}\d\d:\d\d you: Where should we stop first\?\n/);
    await cli.waitFor(/ {2}\d\d:\d\d assistant: I am the echo[^\n]*\[cancelled\]\n/);

    cli.type('/model\r');
    await cli.waitFor(/\* echo {2}\(echo\) {2}default/);
    cli.type('/model no-such-model\r');
    await cli.waitFor('Error: Unknown model "no-such-model". Type /model for the list.');

    cli.interrupt(); // at the idle prompt: leaves with code 0
    expect(await cli.exited).toBe(0);
    expect(cli.text()).not.toMatch(/models\.list|sessions\.\w+|messages\.\w+|\n\s+at /);
  });

  it('NO_COLOR turns colours off, and a pipe gets plain text', async () => {
    const cli = runInPty([process.execPath, builtCli, '--url', server.url], {
      env: { ...env(), NO_COLOR: '1' },
    });
    await cli.waitFor('Signed in as pty-user@example.com.');
    cli.type('/sessions\r');
    await cli.waitFor('1. Road trip');
    cli.type('/quit\r');
    expect(await cli.exited).toBe(0);
    expect(cli.raw()).not.toMatch(sgrColour);
  });

  it('run through pnpm from another folder: exports land there and in ~, Ctrl+C leaves quietly', async () => {
    const cli = runInPty(
      [
        'pnpm',
        '--silent',
        '--dir',
        path.resolve(import.meta.dirname, '..'),
        'start',
        '--url',
        server.url,
      ],
      { env: env(), cwd: elsewhere },
    );
    await cli.waitFor('Signed in as pty-user@example.com.');
    cli.type('/open 1\r');
    await cli.waitFor('Opened "Road trip"');
    cli.type('/export md trip.md\r');
    await cli.waitFor(`to ${path.join(elsewhere, 'trip.md')}.`);
    cli.type('/export json ~/trip.json\r');
    await cli.waitFor(`to ${path.join(home, 'trip.json')}.`);
    await cli.waitFor('you> ');
    cli.interrupt();
    expect(await cli.exited).toBe(0);
    expect(cli.text()).not.toMatch(/ERR_PNPM|ELIFECYCLE|failed/);
    expect(fs.readFileSync(path.join(elsewhere, 'trip.md'), 'utf8')).toMatch(/^# Road trip\n/);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'trip.json'), 'utf8')).messages).toHaveLength(
      4,
    );
  });
});
