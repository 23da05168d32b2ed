// The terminal chat client: `chatbot [--url http://host:3001]` (see `chatbot --help`).
import { createChatSession } from '@chatbot/client';
import { ConfigError, readCliEnvironment } from '@chatbot/config';
import { readArguments, USAGE } from './args';
import { runChatLoop } from './chatLoop';
import { greet } from './greeting';
import { serverUrl, ServerUrlError } from './serverUrl';
import { createTerminal } from './terminal';
import { fileTokenStore } from './tokenFile';
import { cliVersion } from './version';

/** Exit with a message for a mistake in how the command was started (exit code 2, like usage). */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main() {
  const args = readArguments(process.argv.slice(2));
  if (args.kind === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (args.kind === 'version') return void process.stdout.write(`${cliVersion()}\n`);
  if (args.kind === 'invalid') refuse(args.message);

  let environment;
  try {
    environment = readCliEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
  let url: string;
  try {
    url =
      args.url === undefined
        ? serverUrl(environment.url, 'CHATBOT_URL')
        : serverUrl(args.url, '--url');
  } catch (error) {
    if (error instanceof ServerUrlError) refuse(error.message);
    throw error;
  }

  const chat = createChatSession({ url, store: fileTokenStore(environment.configDir, url) });
  const terminal = createTerminal({ noColor: environment.noColor });
  const state = {
    chat,
    terminal,
    url,
    startDir: environment.startDir,
    listed: [],
    queued: [],
  };
  try {
    await greet(state);
    await runChatLoop(state);
  } finally {
    terminal.close();
    chat.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
