import fs from 'node:fs';
import type { MessageDTO } from '@chatbot/client';
import { isTRPCClientError } from '@chatbot/client';
import { requireCurrent, requireSignedIn, type ChatState } from './chatState';
import { UsageError } from './describeError';
import { exportPath } from './exportPath';
import { localDateTime, localTime } from './localTime';

export const HELP = `Commands:
  /register <email>        create an account (asks for a password, twice)
  /login <email>           sign in (asks for a password)
  /logout                  sign out
  /sessions                list your chats
  /open <number>           switch to a chat from the list
  /new [title]             start a new chat
  /model [name]            list the models, or set the current chat's model
  /export md|json <file>   save the current chat to a file (~ and relative paths are fine)
  /versions                the versions of the last reply (regenerated ones)
  /branch <number>         show that version of the last reply
  /import <file>           import chats: a .json export, or ChatGPT's conversations.json or .zip
  /attach <file>           attach a file (image, text, PDF) to your next message
  /attach                  list the attached files
  /detach <number>         remove an attached file
  /help                    show this help
  /quit                    leave (Ctrl+C or Ctrl+D at the prompt too)
Anything else is sent to the current chat (a new one is started if needed); with files
attached, an empty line sends them on their own.
Ctrl+C while a reply is written stops it.`;

export async function listSessions(state: ChatState) {
  await requireSignedIn(state);
  const { signal } = state;
  const page = await state.chat.client.sessions.list.query({ limit: 50 }, { signal });
  state.listed = page.items;
  if (page.items.length === 0) {
    state.terminal.line('No chats yet: type a message or /new to start one.');
    return;
  }
  const { style } = state.terminal;
  page.items.forEach((session, index) => {
    const marker = session.id === state.current?.id ? '*' : ' ';
    const star = session.isFavorite ? ' ★' : '';
    state.terminal.line(
      `${marker} ${index + 1}. ${session.title}${star}  [${session.model}]  ${style.dim(localDateTime(session.lastMessageAt))}`,
    );
  });
}

/** A stored message, set apart from the live prompt: indented, dimmed, with its time. */
function historyLine(state: ChatState, message: MessageDTO) {
  const { style } = state.terminal;
  const who = message.role === 'user' ? 'you' : message.role;
  const marker =
    message.status === 'cancelled' || message.status === 'error' ? ' [' + message.status + ']' : '';
  const text = message.content.replace(/\n/g, '\n    ');
  return style.dim(`  ${localTime(message.createdAt)} ${who}: `) + text + style.warn(marker);
}

export async function openSession(state: ChatState, reference: string | undefined) {
  await requireSignedIn(state);
  if (!reference || !/^\d+$/.test(reference))
    throw new UsageError('Usage: /open <number>, a number from /sessions');
  if (state.listed.length === 0) await listSessionsQuietly(state);
  const session = state.listed[Number(reference) - 1];
  if (!session)
    throw new UsageError(
      `No chat number ${reference}: ${state.listed.length === 0 ? 'you have no chats yet' : `the list has 1 to ${state.listed.length}`}. Type /sessions to see it.`,
    );
  state.current = session;
  state.terminal.line(`Opened "${session.title}" [${session.model}].`);
  const history = await state.chat.client.messages.list.query(
    { sessionId: session.id, limit: 10 },
    { signal: state.signal },
  );
  for (const message of history.items) state.terminal.line(historyLine(state, message));
}

async function listSessionsQuietly(state: ChatState) {
  const page = await state.chat.client.sessions.list.query({ limit: 50 }, { signal: state.signal });
  state.listed = page.items;
}

export async function newSession(state: ChatState, title: string | undefined) {
  await requireSignedIn(state);
  state.current = await state.chat.client.sessions.create.mutate(title ? { title } : {}, {
    signal: state.signal,
  });
  state.listed = [];
  state.terminal.line(`New chat "${state.current.title}" [${state.current.model}].`);
}

export async function model(state: ChatState, name: string | undefined) {
  await requireSignedIn(state);
  const models = await state.chat.client.models.list.query(undefined, { signal: state.signal });
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
  if (!models.some((item) => item.id === name))
    throw new UsageError(`Unknown model "${name}". Type /model for the list.`);
  state.current = await state.chat.client.sessions.update.mutate(
    { id: current.id, model: name },
    { signal: state.signal },
  );
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
  const exported = await state.chat.client.sessions.export.query(
    { id: current.id, format },
    { signal: state.signal },
  );
  const target = exportPath(file, state.startDir);
  try {
    fs.writeFileSync(target, exported.content);
  } catch (error) {
    throw new UsageError(
      `Could not write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  state.terminal.line(`Saved ${Buffer.byteLength(exported.content)} bytes to ${target}.`);
}

/** True when a failed call means the chat is gone (deleted elsewhere, or never the user's). */
export function isMissingChat(error: unknown) {
  return isTRPCClientError(error) && error.data?.code === 'NOT_FOUND';
}
