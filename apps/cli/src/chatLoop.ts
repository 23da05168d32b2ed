import { attach, detach } from './attach';
import type { ChatState } from './chatState';
import * as commands from './commands';
import { describeError, InterruptedError } from './describeError';
import { importFile } from './importFile';
import { send } from './send';
import { signIn } from './signIn';
import { listVersions, switchVersion } from './versions';

/** Run one line: a command or a message. False when the user asked to leave. */
async function runLine(state: ChatState, line: string): Promise<boolean> {
  const [command, ...rest] = line.split(/\s+/);
  const { chat, terminal } = state;
  if (!line.startsWith('/')) await send(state, line);
  else if (command === '/quit' || command === '/exit') return false;
  else if (command === '/help') terminal.line(commands.HELP);
  else if (command === '/register') await signIn(state, 'register', rest[0]);
  else if (command === '/login') await signIn(state, 'login', rest[0]);
  else if (command === '/logout') {
    await chat.logout();
    state.current = undefined;
    state.listed = [];
    state.queued = [];
    terminal.line('Signed out.');
  } else if (command === '/sessions') await commands.listSessions(state);
  else if (command === '/open') await commands.openSession(state, rest[0]);
  else if (command === '/new') await commands.newSession(state, rest.join(' ') || undefined);
  else if (command === '/model') await commands.model(state, rest[0]);
  else if (command === '/export')
    await commands.exportSession(state, rest[0], rest.slice(1).join(' ') || undefined);
  else if (command === '/versions') await listVersions(state);
  else if (command === '/branch') await switchVersion(state, rest[0]);
  else if (command === '/import') await importFile(state, rest.join(' ') || undefined);
  else if (command === '/attach') await attach(state, rest.join(' ') || undefined);
  else if (command === '/detach') await detach(state, rest[0]);
  else terminal.line(`Unknown command ${command}. Type /help for the list.`);
  return true;
}

/**
 * Run `line` so that Ctrl+C always gets the prompt back: the command's calls are aborted and
 * the loop stops waiting for it, even when the server never answers.
 */
async function runInterruptibly(state: ChatState, line: string): Promise<boolean> {
  const controller = new AbortController();
  let stop!: (error: InterruptedError) => void;
  const interrupted = new Promise<never>((_, reject) => (stop = reject));
  const unregister = state.terminal.onInterrupt(() => {
    controller.abort();
    stop(new InterruptedError());
  });
  state.signal = controller.signal;
  try {
    return await Promise.race([runLine(state, line), interrupted]);
  } finally {
    state.signal = undefined;
    unregister();
  }
}

/**
 * The terminal chat: read a line, run it, print the outcome. Errors are printed as one line
 * and the loop goes on; it ends at /quit, end of input, or Ctrl+C at the prompt.
 */
export async function runChatLoop(state: ChatState): Promise<void> {
  const { terminal } = state;
  for (;;) {
    const prompt = terminal.interactive ? `${terminal.style.prompt('you>')} ` : undefined;
    const input = await terminal.readLine(prompt);
    if (input === undefined) return;
    const line = input.trim();
    // An empty line is nothing, unless files wait: then they are the message.
    if (!line && state.queued.length === 0) continue;
    try {
      if (!(await runInterruptibly(state, line))) return;
    } catch (error) {
      if (commands.isMissingChat(error)) state.current = undefined;
      const message = describeError(error, state.url);
      const { style } = terminal;
      terminal.line(
        error instanceof InterruptedError ? style.warn(message) : style.error(`Error: ${message}`),
      );
    }
  }
}
