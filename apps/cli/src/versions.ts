import { requireCurrent, requireSignedIn, type ChatState } from './chatState';
import { UsageError } from './describeError';

/** The last reply of the active path, with the ids of its versions (oldest first). */
async function lastReply(state: ChatState) {
  const current = requireCurrent(state);
  const page = await state.chat.client.messages.list.query(
    { sessionId: current.id, limit: 2 },
    { signal: state.signal },
  );
  const reply = [...page.items].reverse().find((message) => message.role === 'assistant');
  if (!reply) throw new UsageError('This chat has no reply yet.');
  return reply;
}

const preview = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
};

/** `/versions`: how many versions the last reply has, and which one is shown. */
export async function listVersions(state: ChatState) {
  await requireSignedIn(state);
  const reply = await lastReply(state);
  const shown = reply.siblingIds.indexOf(reply.id) + 1;
  state.terminal.line(
    `The last reply has ${reply.siblingIds.length} version${reply.siblingIds.length === 1 ? '' : 's'}; showing ${shown}: ${preview(reply.content)}`,
  );
  if (reply.siblingIds.length > 1) state.terminal.line('Type /branch <number> to show another.');
}

/** `/branch <n>`: show version n of the last reply (the path continues below it). */
export async function switchVersion(state: ChatState, reference: string | undefined) {
  await requireSignedIn(state);
  if (!reference || !/^\d+$/.test(reference))
    throw new UsageError('Usage: /branch <number>, from /versions');
  const reply = await lastReply(state);
  const target = reply.siblingIds[Number(reference) - 1];
  if (!target) {
    throw new UsageError(
      `No version ${reference}: the last reply has 1 to ${reply.siblingIds.length}.`,
    );
  }
  await state.chat.client.messages.switchBranch.mutate(
    { messageId: target },
    { signal: state.signal },
  );
  const now = await lastReply(state);
  state.terminal.line(
    `Showing version ${reference} of ${reply.siblingIds.length}: ${preview(now.content)}`,
  );
}
