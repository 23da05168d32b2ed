import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  attachmentsUrl,
  UploadError,
  uploadAttachment,
  type UploadedAttachment,
} from '@chatbot/client';
import { requireSignedIn, type ChatState } from './chatState';
import { unreachable, UsageError } from './describeError';
import { exportPath } from './exportPath';

/**
 * Files one message may carry: the server's default (ATTACHMENT_MAX_PER_MESSAGE), kept here only
 * so a long /attach session does not upload files the send would refuse. The server decides.
 */
const MAX_QUEUED = 10;

const UNITS = ['bytes', 'KB', 'MB', 'GB'];
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 || value >= 10 ? 0 : 1)} ${UNITS[unit]}`;
}

/** `/attach <path>`: upload the file now (with progress) and queue it for the next message. */
export async function attach(state: ChatState, file: string | undefined) {
  if (!file) return listQueued(state);
  await requireSignedIn(state);
  if (state.queued.length >= MAX_QUEUED)
    throw new UsageError(`A message can carry ${MAX_QUEUED} files: /detach one first.`);
  const target = exportPath(file, state.startDir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    throw new UsageError(
      `Cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  if (!stat.isFile()) throw new UsageError(`${target} is not a file.`);

  const { terminal } = state;
  let shown = -1;
  const onProgress = ({ loaded }: { loaded: number }) => {
    const percent = stat.size === 0 ? 100 : Math.floor((loaded / stat.size) * 100);
    if (!terminal.decorated || percent === shown) return;
    shown = percent;
    terminal.write(`\rUploading ${target}… ${percent}%`);
  };
  // Streamed from disk: the file is never read whole into memory.
  const upload = () =>
    uploadAttachment(
      { url: state.url, token: () => state.chat.accessToken() },
      {
        name: path.basename(target),
        data: Readable.toWeb(fs.createReadStream(target)) as ReadableStream<Uint8Array>,
      },
      { onProgress, signal: state.signal },
    );
  let uploaded: UploadedAttachment;
  try {
    try {
      uploaded = await upload();
    } catch (error) {
      // A token revoked or expired in between: one refresh, then the same file again.
      if (!(error instanceof UploadError) || error.status !== 401) throw error;
      await state.chat.refresh();
      uploaded = await upload();
    }
  } catch (error) {
    // The server's reason (too large, type refused, quota), worded for people, naming the file.
    if (error instanceof UploadError) throw new UsageError(error.message);
    if (error instanceof TypeError) throw new UsageError(unreachable(state.url));
    throw error;
  } finally {
    if (shown >= 0) terminal.write('\r\x1b[K');
  }
  state.queued.push(uploaded);
  terminal.line(
    `Attached ${uploaded.name} (${uploaded.mediaType}, ${formatSize(uploaded.size)}); it goes with your next message. ${state.queued.length} queued.`,
  );
}

/** `/attach` alone: what the next message will carry. */
export function listQueued(state: ChatState) {
  if (state.queued.length === 0) {
    state.terminal.line('No files attached. Use /attach <path> to add one.');
    return;
  }
  state.queued.forEach((file, index) =>
    state.terminal.line(
      `  ${index + 1}. ${file.name}  (${file.mediaType}, ${formatSize(file.size)})`,
    ),
  );
}

/** `/detach <n>`: take a file off the queue and delete its upload. */
export async function detach(state: ChatState, reference: string | undefined) {
  if (!reference || !/^\d+$/.test(reference))
    throw new UsageError('Usage: /detach <number>, a number from /attach');
  const index = Number(reference) - 1;
  const file = state.queued[index];
  if (!file)
    throw new UsageError(
      state.queued.length === 0
        ? 'No files attached.'
        : `No file number ${reference}: the list has 1 to ${state.queued.length}. Type /attach to see it.`,
    );
  state.queued.splice(index, 1);
  // Never attached, so the server would sweep it later anyway: a failure here is not the user's.
  const token = await state.chat.accessToken();
  await fetch(`${attachmentsUrl(state.url)}/${encodeURIComponent(file.id)}`, {
    method: 'DELETE',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: state.signal,
  }).catch(() => undefined);
  state.terminal.line(`Removed ${file.name}. ${state.queued.length} queued.`);
}
