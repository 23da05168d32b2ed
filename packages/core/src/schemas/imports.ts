import { z } from 'zod';

/**
 * `sessions.import` takes what a file holds, already parsed: our JSON export (one object) or
 * ChatGPT's `conversations.json` (an array). Each conversation is checked on its own, so one
 * bad conversation is reported and the rest still import; the body limit bounds the whole.
 */
export const sessionImportInput = z.union(
  [
    z.array(z.unknown()),
    z.looseObject({ format: z.string() }),
    z.looseObject({ mapping: z.unknown() }),
  ],
  { error: 'must be a chat export of this app or ChatGPT’s conversations.json (an array)' },
);

export const importFailure = z.object({
  /** The conversation's position in the file, from 0. */
  index: z.number().int(),
  title: z.string(),
  message: z.string(),
});
export type ImportFailure = z.infer<typeof importFailure>;

export const importSummaryOutput = z.object({
  imported: z.number().int(),
  /** Already imported before (same source conversation id): left as they are. */
  skipped: z.number().int(),
  failed: z.array(importFailure),
  /** The sessions holding the file's conversations (imported or skipped), in file order. */
  sessionIds: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof importSummaryOutput>;

/** One line of an import's NDJSON progress: after each conversation, then the summary. */
export interface ImportProgress {
  done: number;
  imported: number;
  skipped: number;
  failed: number;
}
