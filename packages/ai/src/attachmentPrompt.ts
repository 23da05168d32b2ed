import type { DocumentAttachment, ImageAttachment, ModelAttachment } from './attachments';
import type { ChatTurn } from './provider';

/** The estimate used everywhere in this package: about four characters a token. */
export const CHARS_PER_TOKEN = 4;

/** A document cut to fit the budget: what the UI tells the user. */
export interface TruncatedAttachment {
  name: string;
  keptChars: number;
  totalChars: number;
}

export interface PreparedTurns {
  turns: ChatTurn[];
  /** The documents that did not fit whole (empty when everything did). */
  truncated: TruncatedAttachment[];
  /** Images of earlier turns left out to keep the request within `imageBudgetBytes`. */
  omittedImages: string[];
}

/**
 * The image bytes one request carries by default: Gemini refuses inline data over 20 MB a
 * request, and base64 adds a third. Older images beyond it become a note.
 */
export const DEFAULT_IMAGE_BUDGET_BYTES = 15 * 1024 * 1024;

export interface PrepareOptions {
  /** The most tokens of document text in the whole request (ATTACHMENT_TEXT_BUDGET_TOKENS). */
  budgetTokens: number;
  /**
   * Whether the model sees images. When false, images already in the history (sent while the
   * session used another model) become a note instead, so switching models keeps working.
   * @default true
   */
  vision?: boolean;
  /**
   * The most image bytes in the request, newest turns first; the newest user turn's images are
   * always kept (the upload limit bounds them). @default DEFAULT_IMAGE_BUDGET_BYTES
   */
  imageBudgetBytes?: number;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** One document as the model reads it: its name, its text fenced, and any truncation stated. */
export function documentBlock(document: DocumentAttachment): string {
  const fence = fenceFor(document.text);
  const block = `Attached file ${document.name}:\n${fence}\n${document.text}\n${fence}`;
  if (document.totalChars === undefined) return block;
  return (
    `${block}\n[Truncated: only the first ${document.text.length} of ${document.totalChars} ` +
    `characters of ${document.name} are included; the rest exceeded the attachment budget.]`
  );
}

/** The text of a user turn with its documents inlined before what the user wrote. */
export function turnText(turn: ChatTurn): string {
  const documents = (turn.attachments ?? []).filter(
    (attachment): attachment is DocumentAttachment => attachment.kind === 'document',
  );
  if (turn.role !== 'user' || documents.length === 0) return turn.content;
  return [...documents.map(documentBlock), turn.content].filter(Boolean).join('\n\n');
}

/** The images of a user turn (other roles carry none). */
export function turnImages(turn: ChatTurn): ImageAttachment[] {
  if (turn.role !== 'user') return [];
  return (turn.attachments ?? []).filter(
    (attachment): attachment is ImageAttachment => attachment.kind === 'image',
  );
}

/** Cuts at most `chars` characters without splitting a surrogate pair (an emoji). */
function cut(text: string, chars: number): string {
  let end = Math.min(chars, text.length);
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

const imageNote = (image: ImageAttachment, text: string): DocumentAttachment => ({
  kind: 'document',
  name: image.name,
  mediaType: image.mediaType,
  text,
});

/**
 * The turns as the model gets them: the documents' text within `budgetTokens` for the whole
 * request (the newest turns first, as the question at hand most likely concerns them), the rest
 * truncated with a notice the model reads and a record the UI shows.
 */
export function prepareTurns(turns: ChatTurn[], options: PrepareOptions): PreparedTurns {
  let remaining = Math.max(0, Math.floor(options.budgetTokens * CHARS_PER_TOKEN));
  let imageBytesLeft = options.imageBudgetBytes ?? DEFAULT_IMAGE_BUDGET_BYTES;
  const newestUser = turns.findLastIndex((turn) => turn.role === 'user');
  // Per turn, so the report lists the files in conversation order though the budget runs backwards.
  const truncated: TruncatedAttachment[][] = [];
  const omitted: string[][] = [];
  const prepared = turns.toReversed().map((turn, reversedIndex): ChatTurn => {
    if (!turn.attachments?.length) return turn;
    if (turn.role !== 'user') return { role: turn.role, content: turn.content };
    const cutHere: TruncatedAttachment[] = [];
    const omittedHere: string[] = [];
    truncated.push(cutHere);
    omitted.push(omittedHere);
    const newest = turns.length - 1 - reversedIndex === newestUser;
    const attachments = turn.attachments.map((attachment): ModelAttachment => {
      if (attachment.kind === 'image') {
        if (options.vision === false) {
          return imageNote(attachment, '(An image the current model cannot see.)');
        }
        if (!newest && attachment.data.byteLength > imageBytesLeft) {
          omittedHere.push(attachment.name);
          return imageNote(attachment, '(An earlier image, left out to keep the request small.)');
        }
        imageBytesLeft -= attachment.data.byteLength;
        return attachment;
      }
      const total = attachment.totalChars ?? attachment.text.length;
      if (attachment.text.length <= remaining) {
        remaining -= attachment.text.length;
        return attachment;
      }
      const text = cut(attachment.text, remaining);
      remaining = 0;
      cutHere.push({ name: attachment.name, keptChars: text.length, totalChars: total });
      return { ...attachment, text, totalChars: total };
    });
    return { ...turn, attachments };
  });
  return {
    turns: prepared.reverse(),
    truncated: truncated.reverse().flat(),
    omittedImages: omitted.reverse().flat(),
  };
}
