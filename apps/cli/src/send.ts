import { describeAttachmentNotice } from '@chatbot/client';
import { requireCurrent, requireSignedIn, type ChatState } from './chatState';
import { newSession } from './commands';
import { startSpinner } from './spinner';
import { streamReply, type ReplyOutcome } from './streamReply';

/** How long a reply waits for a dropped connection to come back before giving up. */
export const RECONNECT_BOUND_MS = 20_000;

/**
 * Send a message and print the reply as it streams. Ctrl+C while it streams cancels the reply
 * (the partial text stays) and returns to the prompt at once, whether or not the server answers.
 */
export async function send(state: ChatState, content: string) {
  await requireSignedIn(state);
  if (!state.current) await newSession(state, undefined);
  const current = requireCurrent(state);
  const { terminal } = state;
  const { style } = terminal;
  const attachmentIds = state.queued.map((file) => file.id);
  const result = await state.chat.client.messages.send.mutate(
    { sessionId: current.id, content, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) },
    { signal: state.signal },
  );
  // They belong to the message now.
  if (attachmentIds.length > 0) {
    terminal.line(
      style.dim(
        `(sent with ${attachmentIds.length} attached file${attachmentIds.length === 1 ? '' : 's'})`,
      ),
    );
    state.queued = [];
  }
  if (!result.assistantMessage) return;

  terminal.write(style.assistant('assistant>') + ' ');
  let stopSpinner = startSpinner(terminal.write, terminal.decorated);
  const reply = streamReply(
    state.chat.client,
    current.id,
    result.assistantMessage.id,
    {
      text: (delta) => {
        stopSpinner();
        terminal.write(delta);
      },
      connectionLost: () => {
        stopSpinner();
        terminal.write(`\n${style.warn('connection lost, reconnecting… (Ctrl+C to stop)')}\n`);
        stopSpinner = startSpinner(terminal.write, terminal.decorated);
      },
      reconnected: () => {
        stopSpinner();
        terminal.write(`${style.ok('reconnected.')}\n`);
      },
    },
    RECONNECT_BOUND_MS,
  );
  const stopOnInterrupt = terminal.onInterrupt(() => reply.cancel());
  let outcome: ReplyOutcome;
  try {
    outcome = await reply.done;
  } finally {
    stopOnInterrupt();
    stopSpinner();
  }
  terminal.line();
  const marker = replyMarker(outcome);
  if (marker) terminal.line(style.warn(marker));
  if (outcome.kind === 'finished') {
    for (const line of describeAttachmentNotice(outcome.message.attachmentNotice)) {
      terminal.line(style.warn(`[${line}]`));
    }
  }
}

/** The line that says a reply is not whole, or nothing when it is. */
function replyMarker(outcome: ReplyOutcome): string | undefined {
  switch (outcome.kind) {
    case 'cancelled':
      return '[reply cancelled]';
    case 'lost':
      return `[reply interrupted: the server did not come back within ${RECONNECT_BOUND_MS / 1000} s]`;
    case 'deleted':
      return '[chat deleted elsewhere]';
    case 'finished': {
      const { status, error } = outcome.message;
      if (status === 'complete') return undefined;
      return `[reply ${status}${error ? `: ${error}` : ''}]`;
    }
  }
}
