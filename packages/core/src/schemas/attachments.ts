import { z } from 'zod';
import { zId } from './common';

export const attachmentKind = z.enum(['image', 'document']);

/** An uploaded file as the API shows it (upload answer, messages, exports). */
export const attachmentOutput = z.object({
  id: z.string(),
  /** The file name the client sent. */
  name: z.string(),
  /** Decided from the content (magic bytes, or valid UTF-8 text typed by extension). */
  mediaType: z.string(),
  size: z.number().int(),
  kind: attachmentKind,
});
export type AttachmentDTO = z.infer<typeof attachmentOutput>;

/** The upload's answer (201): the file, and for a document how much of it a model reads. */
export const uploadOutput = attachmentOutput.extend({
  textChars: z
    .number()
    .int()
    .optional()
    .describe('A document: the characters of text a model reads from it'),
  modelTextBudgetChars: z
    .number()
    .int()
    .optional()
    .describe(
      'A document: the most characters of document text one request carries ' +
        '(ATTACHMENT_TEXT_BUDGET_TOKENS × 4); beyond it only the start is sent',
    ),
});

/** The ids `messages.send` attaches; the count is checked against the configuration. */
export const zAttachmentIds = z
  .array(zId)
  .max(100, 'must list at most 100 files')
  .refine((ids) => new Set(ids).size === ids.length, 'must not list a file twice');
