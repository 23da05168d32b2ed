import { createReadStream } from 'node:fs';
import fsp from 'node:fs/promises';
import { CHARS_PER_TOKEN, toModelAttachment, UnreadableAttachmentError } from '@chatbot/ai';
import { AttachmentRefused } from './types';

/**
 * The length of the text a model would read from a just-received document, measured once at
 * upload so the user learns before sending when it exceeds the budget, and a PDF whose text
 * cannot be extracted is refused now rather than on every send. Text files are decoded as they
 * stream (a 20 MB file is never held whole); a PDF is read whole, as pdf.js needs it (the upload
 * limit bounds it), exactly as the runner will.
 */
export async function documentTextChars(
  filePath: string,
  name: string,
  mediaType: string,
): Promise<number> {
  try {
    if (mediaType === 'application/pdf') {
      const bytes = new Uint8Array(await fsp.readFile(filePath));
      const read = await toModelAttachment({ name, mediaType, bytes });
      return read.kind === 'document' ? read.text.length : 0;
    }
    // Same count as the runner's one-piece decode: UTF-16 units, a leading BOM dropped.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let chars = 0;
    for await (const chunk of createReadStream(filePath))
      chars += decoder.decode(chunk as Buffer, { stream: true }).length;
    return chars + decoder.decode().length;
  } catch (error) {
    if (error instanceof UnreadableAttachmentError)
      throw new AttachmentRefused('unsupported_type', error.message, name);
    // The strict decoder's refusal (the inspector already checks UTF-8; a second guard).
    if (error instanceof TypeError)
      throw new AttachmentRefused('unsupported_type', `${name} is not UTF-8 text`, name);
    throw error;
  }
}

/** ATTACHMENT_TEXT_BUDGET_TOKENS in characters, as prepareTurns counts them. */
export const textBudgetChars = (budgetTokens: number) => Math.floor(budgetTokens * CHARS_PER_TOKEN);
