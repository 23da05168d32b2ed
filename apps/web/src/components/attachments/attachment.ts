import type { MessageDTO } from '@chatbot/api';

/** An uploaded file as the server describes it (201 of POST /api/attachments, and on messages). */
export type AttachmentView = NonNullable<MessageDTO['attachments']>[number];

/** The upload's answer: a document also says how much of its text the model reads. */
export type UploadedView = AttachmentView & { textChars?: number; modelTextBudgetChars?: number };

/**
 * Said on a pending document longer than the text budget of one request, so the user knows
 * before sending that the model reads only its start.
 */
export function budgetNotice(file: UploadedView): string | undefined {
  const { textChars, modelTextBudgetChars: budget } = file;
  if (textChars === undefined || budget === undefined || textChars <= budget) return undefined;
  const percent = Math.max(1, Math.floor((budget / textChars) * 100));
  return `Only about the first ${percent}% of this file fits in what the model reads (ATTACHMENT_TEXT_BUDGET_TOKENS)`;
}

/**
 * What the file picker offers: the types the server accepts. Only a hint for the picker; the
 * server decides by content and its refusal is what the user sees.
 */
export const ACCEPTED_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
  'text/plain',
  'text/markdown',
  'text/csv',
  'application/json',
  '.md',
  '.csv',
  '.json',
  '.txt',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.py',
  '.go',
  '.rs',
  '.java',
  '.c',
  '.cpp',
  '.h',
  '.rb',
  '.sh',
  '.sql',
  '.yaml',
  '.yml',
  '.toml',
  '.html',
  '.css',
].join(',');

/**
 * Files one message may carry: the server's default (ATTACHMENT_MAX_PER_MESSAGE), kept here only
 * so a user dropping a whole folder does not start dozens of uploads. The server enforces its own.
 */
export const MAX_PENDING_FILES = 10;

const UNITS = ['bytes', 'KB', 'MB', 'GB'];

/** 1536 -> "1.5 KB". */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Where the owner downloads or views a file (the web app hosts the routes under /api). */
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

/**
 * Where a file is shown from: the owner's route, or in a shared chat (`sharedFilesUrl`, the
 * link's `/api/shares/{token}/files`) its image by its ref. A shared document is not served:
 * undefined, and it is listed by name only.
 */
export function fileUrl(file: AttachmentView, sharedFilesUrl?: string): string | undefined {
  if (sharedFilesUrl === undefined) return attachmentUrl(file.id);
  return file.kind === 'image' ? `${sharedFilesUrl}/${encodeURIComponent(file.id)}` : undefined;
}
