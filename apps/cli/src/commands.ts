import fs from 'node:fs';
import path from 'node:path';
import type { ChatSession, RouterOutputs } from '@chatbot/client';
import type { Terminal } from './terminal';
import { streamReply } from './streamReply';

type SessionSummary = RouterOutputs['sessions']['list']['items'][number];

export interface ChatState {
  chat: ChatSession;
  terminal: Terminal;
  current?: SessionSummary;
  listed: SessionSummary[];
}

export const HELP = `Commands:
  /register <email>        create an account (asks for a password)
  /login <email>           sign in (asks for a password)
  /logout                  sign out
  /sessions                list your chats
  /open <number|id>        switch to a chat from the list
  /new [title]             start a new chat
  /model [name]            list the models, or set the current chat's model
  /export md|json <file>   save the current chat to a file
  /help                    show this help
  /quit                    leave
Anything else is sent to the current chat (a new one is started if needed).`;

export class UsageError extends Error {}

async function requireSignedIn(state: ChatState) {
  if (!(await state.chat.user()))
    throw new UsageError('Not signed in: use /register <email> or /login <email> first.');
}

function requireCurrent(state: ChatState): SessionSummary {
  if (!state.current) throw new UsageError('No chat selected: use /new or /open <number> first.');
  return state.current;
}

async function readPassword(state: ChatState) {
  const password = await state.terminal.readLine('Password: ', { hidden: true });
  if (!password) throw new UsageError('A password is required.');
  return password;
}

export async function signIn(
  state: ChatState,
  mode: 'login' | 'register',
  email: string | undefined,
) {
  if (!email) throw new UsageError(`Usage: /${mode} <email>`);
  const password = await readPassword(state);
  const user =
    mode === 'login'
      ? await state.chat.login({ email, password })
      : await state.chat.register({ email, password });
  state.terminal.line(`Signed in as ${user.email}.`);
  state.current = undefined;
}

export async function listSessions(state: ChatState) {
  await requireSignedIn(state);
  const page = await state.chat.client.sessions.list.query({ limit: 50 });
  state.listed = page.items;
  if (page.items.length === 0) {
    state.terminal.line('No chats yet: type a message or /new to start one.');
    return;
  }
  page.items.forEach((session, index) => {
    const marker = session.id === state.current?.id ? '*' : ' ';
    const star = session.isFavorite ? ' ★' : '';
    state.terminal.line(
      `${marker} ${index + 1}. ${session.title}${star}  [${session.model}]  ${session.lastMessageAt.toISOString()}`,
    );
  });
}

export async function openSession(state: ChatState, reference: string | undefined) {
  await requireSignedIn(state);
  if (!reference) throw new UsageError('Usage: /open <number|id> (see /sessions)');
  const byNumber = /^\d+$/.test(reference) ? state.listed[Number(reference) - 1] : undefined;
  const session = byNumber ?? (await state.chat.client.sessions.get.query({ id: reference }));
  state.current = session;
  state.terminal.line(`Opened "${session.title}" [${session.model}].`);
  const history = await state.chat.client.messages.list.query({ sessionId: session.id, limit: 10 });
  for (const message of history.items)
    state.terminal.line(`${message.role === 'user' ? 'you' : 'assistant'}> ${message.content}`);
}

export async function newSession(state: ChatState, title: string | undefined) {
  await requireSignedIn(state);
  state.current = await state.chat.client.sessions.create.mutate(title ? { title } : {});
  state.terminal.line(`New chat "${state.current.title}" [${state.current.model}].`);
}

export async function model(state: ChatState, name: string | undefined) {
  await requireSignedIn(state);
  const models = await state.chat.client.models.list.query();
  if (!name) {
    for (const item of models) {
      const marker = item.id === state.current?.model ? '*' : ' ';
      state.terminal.line(
        `${marker} ${item.id}  (${item.provider})${item.isDefault ? '  default' : ''}`,
      );
    }
    return;
  }
  const current = requireCurrent(state);
  state.current = await state.chat.client.sessions.update.mutate({ id: current.id, model: name });
  state.terminal.line(`This chat now uses ${name}.`);
}

export async function exportSession(
  state: ChatState,
  format: string | undefined,
  file: string | undefined,
) {
  await requireSignedIn(state);
  if ((format !== 'md' && format !== 'json') || !file)
    throw new UsageError('Usage: /export md|json <file>');
  const current = requireCurrent(state);
  const exported = await state.chat.client.sessions.export.query({ id: current.id, format });
  const target = path.resolve(file);
  fs.writeFileSync(target, exported.content);
  state.terminal.line(`Saved ${Buffer.byteLength(exported.content)} bytes to ${target}.`);
}

/**
 * Send a message and print the reply as it streams. Ctrl+C while it streams cancels the reply
 * (the partial text stays), not the program.
 */
export async function send(state: ChatState, content: string) {
  await requireSignedIn(state);
  if (!state.current) await newSession(state, undefined);
  const current = requireCurrent(state);
  const result = await state.chat.client.messages.send.mutate({ sessionId: current.id, content });
  if (!result.assistantMessage) return;
  const messageId = result.assistantMessage.id;
  state.terminal.write('assistant> ');
  const stopOnInterrupt = state.terminal.onInterrupt(() => {
    void state.chat.client.messages.cancel.mutate({ messageId }).catch(() => {});
  });
  let reply;
  try {
    reply = await streamReply(state.chat.client, current.id, messageId, state.terminal.write);
  } finally {
    stopOnInterrupt();
  }
  state.terminal.line();
  if (reply && reply.status !== 'complete') {
    state.terminal.line(`[reply ${reply.status}${reply.error ? `: ${reply.error}` : ''}]`);
  }
}
