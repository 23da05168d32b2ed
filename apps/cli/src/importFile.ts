import fs from 'node:fs';
import { Readable } from 'node:stream';
import { requireSignedIn, type ChatState } from './chatState';
import { UsageError } from './describeError';
import { exportPath } from './exportPath';

interface Summary {
  imported: number;
  skipped: number;
  failed: { index: number; title: string; message: string }[];
}

/** The import route beside the tRPC endpoint: /trpc -> /sessions/import, /api/trpc -> /api/sessions/import. */
export function importUrl(trpcUrl: string) {
  return `${trpcUrl.replace(/\/trpc\/?$/, '')}/sessions/import`;
}

/** Lines of an NDJSON body as they arrive. */
async function* linesOf(body: AsyncIterable<Uint8Array>) {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

/**
 * `/import <file>`: stream a chat export (ours, ChatGPT's conversations.json or its zip) to the
 * server's import route, printing progress as conversations are stored, then the summary.
 */
export async function importFile(state: ChatState, file: string | undefined) {
  await requireSignedIn(state);
  if (!file) throw new UsageError('Usage: /import <file> (a .json export or ChatGPT’s .zip)');
  const source = exportPath(file, state.startDir);
  let size: number;
  try {
    size = fs.statSync(source).size;
  } catch (error) {
    throw new UsageError(
      `Could not read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  const token = await state.chat.accessToken();
  const response = await fetch(importUrl(state.url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token ?? ''}`,
      'content-type': source.toLowerCase().endsWith('.zip')
        ? 'application/zip'
        : 'application/json',
      'content-length': String(size),
      accept: 'application/x-ndjson',
    },
    body: Readable.toWeb(fs.createReadStream(source)) as ReadableStream<Uint8Array>,
    duplex: 'half',
    signal: state.signal,
  } as RequestInit);
  if (!response.ok || !response.body) {
    const error = (await response.json().catch(() => ({}))) as { message?: string };
    throw new UsageError(`Import refused: ${error.message ?? `HTTP ${response.status}`}`);
  }
  const { terminal } = state;
  let summary: Summary | undefined;
  for await (const line of linesOf(response.body as unknown as AsyncIterable<Uint8Array>)) {
    if (line.type === 'progress' && (line.done as number) % 100 === 0) {
      terminal.line(terminal.style.dim(`  ${String(line.done)} conversations read…`));
    } else if (line.type === 'done') summary = line as unknown as Summary;
    else if (line.type === 'error') throw new UsageError(`Import stopped: ${String(line.message)}`);
  }
  if (!summary) throw new UsageError('Import stopped: the connection ended early.');
  terminal.line(
    `Imported ${summary.imported} chats, skipped ${summary.skipped} (imported before), ${summary.failed.length} failed.`,
  );
  for (const failure of summary.failed) {
    terminal.line(
      terminal.style.warn(`  #${failure.index + 1} "${failure.title}": ${failure.message}`),
    );
  }
  state.listed = [];
}
