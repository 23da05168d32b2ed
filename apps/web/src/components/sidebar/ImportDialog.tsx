'use client';
import { useRef, useState } from 'react';
import { ModalDialog, SMALL_BUTTON } from '../ModalDialog';
import { useRefreshChatLists } from './useChatLists';

interface Progress {
  done: number;
  imported: number;
  skipped: number;
  failed: number;
}
interface Summary {
  imported: number;
  skipped: number;
  failed: { index: number; title: string; message: string }[];
}
type State =
  | { phase: 'idle' }
  | { phase: 'running'; file: string; progress?: Progress }
  | { phase: 'done'; summary: Summary }
  | { phase: 'error'; message: string };

/** Reads the NDJSON answer line by line, as it arrives. */
async function* linesOf(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
  if (pending.trim()) yield JSON.parse(pending) as Record<string, unknown>;
}

/**
 * "Import": our JSON export, ChatGPT's conversations.json or its export zip, dropped or picked.
 * The file streams to /api/sessions/import, which answers a progress line per conversation.
 */
export function ImportButton() {
  const [open, setOpen] = useState(false);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800"
      >
        Import
      </button>
      <ModalDialog open={open} title="Import chats" onClose={() => setOpen(false)} closeButton>
        <ImportControls />
      </ModalDialog>
    </>
  );
}

function ImportControls() {
  const refresh = useRefreshChatLists();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  async function upload(file: File) {
    setState({ phase: 'running', file: file.name });
    const form = new FormData();
    form.set('file', file);
    try {
      const response = await fetch('/api/sessions/import', {
        method: 'POST',
        body: form,
        headers: { accept: 'application/x-ndjson' },
      });
      if (!response.ok || !response.body) {
        const error = (await response.json().catch(() => ({}))) as { message?: string };
        setState({
          phase: 'error',
          message: error.message ?? `Import failed (${response.status})`,
        });
        return;
      }
      for await (const line of linesOf(response.body)) {
        if (line.type === 'progress') {
          setState({ phase: 'running', file: file.name, progress: line as unknown as Progress });
          // The sidebar shows the chats as they arrive, every 50.
          if ((line.done as number) % 50 === 1) void refresh();
        } else if (line.type === 'done') {
          setState({ phase: 'done', summary: line as unknown as Summary });
        } else if (line.type === 'error') {
          setState({ phase: 'error', message: String(line.message ?? 'Import failed') });
        }
      }
    } catch {
      setState({ phase: 'error', message: 'The connection was lost during the import' });
    } finally {
      void refresh();
    }
  }

  const running = state.phase === 'running';
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="text-zinc-600 dark:text-zinc-400">
        A chat exported from this app (.json), or ChatGPT’s data export: its{' '}
        <code>conversations.json</code> or the whole .zip. Chats imported before are skipped.
      </p>
      <div
        data-testid="import-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer.files[0];
          if (file && !running) void upload(file);
        }}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed p-6 text-center ${
          dragging
            ? 'border-blue-500 bg-blue-50 dark:bg-blue-950'
            : 'border-zinc-300 dark:border-zinc-700'
        }`}
      >
        <span>Drop a file here, or</span>
        <button
          type="button"
          disabled={running}
          onClick={() => picker.current?.click()}
          className={SMALL_BUTTON}
        >
          Choose a file
        </button>
        <input
          ref={picker}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          aria-label="File to import"
          className="hidden"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void upload(file);
          }}
        />
      </div>
      <div role="status" aria-live="polite">
        {state.phase === 'running' && (
          <p>
            Importing {state.file}…{' '}
            {state.progress &&
              `${state.progress.done} read: ${state.progress.imported} imported, ${state.progress.skipped} skipped, ${state.progress.failed} failed`}
          </p>
        )}
        {state.phase === 'done' && (
          <p>
            Done: {state.summary.imported} imported, {state.summary.skipped} skipped (already
            imported), {state.summary.failed.length} failed.
          </p>
        )}
      </div>
      {state.phase === 'done' && state.summary.failed.length > 0 && (
        <ul
          aria-label="Conversations not imported"
          className="max-h-48 overflow-y-auto text-red-700 dark:text-red-400"
        >
          {state.summary.failed.map((failure) => (
            <li key={failure.index}>
              #{failure.index + 1} {failure.title ? `“${failure.title}”` : '(untitled)'}:{' '}
              {failure.message}
            </li>
          ))}
        </ul>
      )}
      {state.phase === 'error' && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </div>
  );
}
