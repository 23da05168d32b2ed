import type { ChatSession, RouterOutputs, UploadedAttachment } from '@chatbot/client';
import { UsageError } from './describeError';
import type { Terminal } from './terminal';

export type SessionSummary = RouterOutputs['sessions']['list']['items'][number];

/** What the chat loop carries from one command to the next. */
export interface ChatState {
  chat: ChatSession;
  terminal: Terminal;
  /** The server's tRPC endpoint, for messages. */
  url: string;
  /** The folder the user started in: relative export paths land there. */
  startDir: string;
  current?: SessionSummary;
  /** The last `/sessions` list, so `/open 2` means its second line. */
  listed: SessionSummary[];
  /** Files uploaded with /attach, sent with the next message. */
  queued: UploadedAttachment[];
  /** Aborted by Ctrl+C during the command that is running. */
  signal?: AbortSignal;
}

export async function requireSignedIn(state: ChatState) {
  if (!(await state.chat.user()))
    throw new UsageError('Not signed in: use /register <email> or /login <email> first.');
}

export function requireCurrent(state: ChatState): SessionSummary {
  if (!state.current) throw new UsageError('No chat selected: use /new or /open <number> first.');
  return state.current;
}
