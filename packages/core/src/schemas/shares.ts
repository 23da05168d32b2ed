import { z } from 'zod';
import { attachmentKind } from './attachments';
import { zId } from './common';
import { messageRole, messageStatus } from './messages';

/**
 * Any string: a malformed token is NOT_FOUND like an unknown or revoked one (the domain checks
 * its shape), so a probe cannot tell the three apart by a 400.
 */
export const shareTokenInput = z.object({ token: z.string() });

/**
 * A file of a shared message, described when it was shared. `ref` names it within this link
 * only (its position: message, then file); images are served at `/shares/{token}/files/{ref}`
 * while the owner still has the file, documents are listed by name only.
 */
export const sharedAttachment = z.object({
  ref: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  kind: attachmentKind,
});
export type SharedAttachment = z.infer<typeof sharedAttachment>;

/** What a link shows, frozen when it was shared: nothing that names or identifies the owner. */
export const sharedMessage = z.object({
  role: messageRole,
  content: z.string(),
  status: messageStatus,
  createdAt: z.coerce.date(),
  /** Links made before files were shared have none. */
  attachments: z.array(sharedAttachment).default([]),
});

export const shareSnapshot = z.object({
  title: z.string(),
  model: z.string(),
  messages: z.array(sharedMessage),
});
export type ShareSnapshot = z.infer<typeof shareSnapshot>;

/** `shares.get`: the snapshot, and when it was first shared and last updated. */
export const sharedChatOutput = shareSnapshot.extend({
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SharedChat = z.infer<typeof sharedChatOutput>;

/** One of my links, as its owner sees it. */
export const shareOutput = z.object({
  token: z.string(),
  sessionId: z.string(),
  title: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ShareDTO = z.infer<typeof shareOutput>;

export const shareListOutput = z.array(shareOutput);

export const shareSessionInput = z.object({ id: zId });
