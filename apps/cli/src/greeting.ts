import type { ChatState } from './chatState';
import { isConnectionFailure, unreachable } from './describeError';

/** How long the start-up check waits for a server that accepts connections but never answers. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The first lines: where the CLI points and who is signed in, as the server sees it. Saved
 * tokens alone prove nothing (the server may be down, the account gone), so ask it first.
 */
export async function greet(state: ChatState): Promise<void> {
  const { terminal, chat, url } = state;
  const { style } = terminal;
  terminal.line(`Chatbot AI at ${url}. Type /help for commands.`);
  const saved = await chat.user();
  const notSignedIn = 'Not signed in: use /register <email> or /login <email>.';
  const controller = new AbortController();
  const unregister = terminal.onInterrupt(() => controller.abort());
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const user = await chat.client.auth.me.query(undefined, { signal: controller.signal });
    terminal.line(style.ok(`Signed in as ${user.email}.`));
  } catch (error) {
    if (isConnectionFailure(error) || controller.signal.aborted) {
      terminal.line(style.warn(unreachable(url)));
      if (saved) terminal.line(`Your sign-in as ${saved.email} is kept for when it answers.`);
    } else if (saved && (await chat.user())) {
      // Reachable, but not a Chatbot AI answer: the address is probably wrong.
      terminal.line(style.warn(`The server at ${url} did not confirm your sign-in.`));
    } else terminal.line(notSignedIn);
  } finally {
    clearTimeout(timer);
    unregister();
  }
}
