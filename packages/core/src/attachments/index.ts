export {
  attachmentsOf,
  attachToMessage,
  deleteUpload,
  requireAttachment,
  toAttachmentDTO,
  type AttachmentDeps,
} from './attachments';
export { receiveUpload, type IncomingFile, type UploadDeps, type UploadedFile } from './upload';
export {
  isAttachmentRefused,
  STORED_MEDIA_TYPES,
  type AttachmentRefused,
  type RefusalReason,
} from './types';
export type { AttachmentStorage } from './storage';
export { textBudgetChars } from './documentText';
