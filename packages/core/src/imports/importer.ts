import { ZodError } from 'zod';
import { isDomainError } from '../errors';
import type { Logger } from '../logger';
import type { ImportFailure, ImportProgress, ImportSummary } from '../schemas/imports';
import { fromChatGpt, isChatGptConversation } from './chatgpt';
import { ConversationError, type ImportedConversation } from './conversation';
import { fromOwnExport, isOwnExport } from './ownExport';
import { writeConversation, type WriteDeps } from './write';

export interface ImportDeps extends WriteDeps {
  /** IMPORT_MAX_CONVERSATIONS: past it the rest of the file is not read. */
  maxConversations: number;
  logger?: Logger;
}

/** Our export or one of ChatGPT's conversations, recognised by shape. */
function toConversation(value: unknown): ImportedConversation {
  if (isOwnExport(value)) return fromOwnExport(value);
  if (isChatGptConversation(value)) return fromChatGpt(value);
  throw new ConversationError('is neither a chat export of this app nor a ChatGPT conversation');
}

function titleOf(value: unknown): string {
  const raw = value as { title?: unknown; session?: { title?: unknown } } | null;
  const title = raw?.title ?? raw?.session?.title;
  return typeof title === 'string' ? title.slice(0, 200) : '';
}

function reasonOf(error: unknown): string {
  if (error instanceof ConversationError) return `The conversation ${error.message}`;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return `Invalid ${issue?.path.join('.') || 'conversation'}: ${issue?.message ?? 'bad value'}`;
  }
  if (isDomainError(error)) return error.message;
  return 'The conversation could not be stored';
}

/**
 * Import conversations one at a time, each in its own transaction: a bad one is reported by
 * index and title and the rest go on; one already imported (same source id) is skipped.
 * `onProgress` runs after each; when it returns a promise (a slow client), the next waits.
 */
export async function importConversations(
  deps: ImportDeps,
  userId: string,
  conversations: AsyncIterable<unknown> | Iterable<unknown>,
  onProgress?: (progress: ImportProgress) => void | Promise<void>,
): Promise<ImportSummary> {
  const failed: ImportFailure[] = [];
  const sessionIds: string[] = [];
  let imported = 0;
  let skipped = 0;
  let index = 0;
  for await (const value of conversations) {
    if (index >= deps.maxConversations) {
      failed.push({
        index,
        title: titleOf(value),
        message: `An import holds at most ${deps.maxConversations} conversations (IMPORT_MAX_CONVERSATIONS); the rest of the file was not read`,
      });
      break;
    }
    try {
      const result = await writeConversation(deps, userId, toConversation(value));
      sessionIds.push(result.sessionId);
      if (result.skipped) skipped += 1;
      else imported += 1;
    } catch (error) {
      if (!(
        error instanceof ConversationError ||
        error instanceof ZodError ||
        isDomainError(error)
      )) {
        deps.logger?.warn({ err: error, index }, 'import: a conversation could not be stored');
      }
      failed.push({ index, title: titleOf(value), message: reasonOf(error) });
    }
    index += 1;
    await onProgress?.({ done: index, imported, skipped, failed: failed.length });
  }
  return { imported, skipped, failed, sessionIds };
}
