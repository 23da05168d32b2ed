import type { ChatState } from './chatState';
import { InterruptedError, UsageError } from './describeError';

/** The shape of an address (the server checks it fully): catches a missing or mistyped one. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function readPassword(state: ChatState, prompt: string) {
  const password = await state.terminal.readLine(prompt, { hidden: true });
  if (password === undefined) throw new InterruptedError();
  if (!password) throw new UsageError('A password is required.');
  return password;
}

/**
 * `/login` and `/register`. The email is checked before any password is asked for; a new
 * password is typed twice, since a typo in a hidden field would lock the account out.
 */
export async function signIn(
  state: ChatState,
  mode: 'login' | 'register',
  address: string | undefined,
) {
  if (!address) throw new UsageError(`Usage: /${mode} <email>`);
  if (!EMAIL.test(address))
    throw new UsageError(`"${address}" is not an email address. Usage: /${mode} <email>`);
  const password = await readPassword(state, 'Password: ');
  if (mode === 'register') {
    const again = await readPassword(state, 'Password again: ');
    if (again !== password) throw new UsageError('The passwords do not match: nothing was done.');
  }
  const user =
    mode === 'login'
      ? await state.chat.login({ email: address, password })
      : await state.chat.register({ email: address, password });
  state.terminal.line(state.terminal.style.ok(`Signed in as ${user.email}.`));
  state.current = undefined;
  state.listed = [];
}
