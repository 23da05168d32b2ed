import type { RefusalReason } from '@chatbot/core/attachments';

/** A refusal made in the adapter (no file part, a bad header) with the domain's reasons. */
export class AttachmentRefusedError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly fileName?: string,
  ) {
    super(message);
    this.name = 'AttachmentRefused';
  }
}

export const REFUSAL_STATUS: Record<RefusalReason, number> = {
  no_file: 400,
  empty: 400,
  too_large: 413,
  unsupported_type: 415,
  quota: 409,
};
