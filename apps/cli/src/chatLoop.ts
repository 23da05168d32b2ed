import type { ChatSession } from '@chatbot/client';
import * as commands from './commands';
import { describeError } from './describeError';
import type { Terminal } from './terminal';

/**
 * The terminal chat: read a line, run it (a command or a message), print the outcome. Errors
 * are printed as one line and the loop goes on.
 */
export async function runChatLoop(
  chat: ChatSession,
  terminal: Terminal,
  url: string,
): Promise<void> {
  const state: commands.ChatState = { chat, terminal, listed: [] };
  const user = await chat.user();
  terminal.line(`Chatbot AI at ${url}. Type /help for commands.`);
  terminal.line(
    user
      ? `Signed in as ${user.email}.`
      : 'Not signed in: use /register <email> or /login <email>.',
  );

  for (;;) {
    const input = await terminal.readLine(terminal.interactive ? 'you> ' : undefined);
    if (input === undefined) return;
    const line = input.trim();
    if (!line) continue;
    const [command, ...rest] = line.split(/\s+/);
    try {
      if (!line.startsWith('/')) await commands.send(state, line);
      else if (command === '/quit' || command === '/exit') return;
      else if (command === '/help') terminal.line(commands.HELP);
      else if (command === '/register') await commands.signIn(state, 'register', rest[0]);
      else if (command === '/login') await commands.signIn(state, 'login', rest[0]);
      else if (command === '/logout') {
        await chat.logout();
        state.current = undefined;
        terminal.line('Signed out.');
      } else if (command === '/sessions') await commands.listSessions(state);
      else if (command === '/open') await commands.openSession(state, rest[0]);
      else if (command === '/new') await commands.newSession(state, rest.join(' ') || undefined);
      else if (command === '/model') await commands.model(state, rest[0]);
      else if (command === '/export')
        await commands.exportSession(state, rest[0], rest.slice(1).join(' ') || undefined);
      else terminal.line(`Unknown command ${command}. Type /help for the list.`);
    } catch (error) {
      terminal.line(`Error: ${describeError(error, url)}`);
    }
  }
}
