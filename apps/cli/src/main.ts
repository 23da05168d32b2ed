// The terminal chat client: `pnpm --filter @chatbot/cli start [--url http://host:3001/trpc]`.
import { createChatSession } from '@chatbot/client';
import { ConfigError, readCliEnvironment } from '@chatbot/config';
import { runChatLoop } from './chatLoop';
import { createTerminal } from './terminal';
import { fileTokenStore } from './tokenFile';

function urlFromArguments(args: string[]): string | undefined {
  const index = args.findIndex((arg) => arg === '--url' || arg.startsWith('--url='));
  if (index === -1) return undefined;
  const arg = args[index]!;
  return arg.includes('=') ? arg.slice('--url='.length) : args[index + 1];
}

async function main() {
  let environment;
  try {
    environment = readCliEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const url = urlFromArguments(process.argv.slice(2)) ?? environment.url;
  const chat = createChatSession({ url, store: fileTokenStore(environment.configDir, url) });
  const terminal = createTerminal();
  try {
    await runChatLoop(chat, terminal, url);
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
