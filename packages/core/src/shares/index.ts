export { activePathOf } from './activePath';
export { listShares, shareSession, unshareSession } from './shares';
export { continueSharedChat, getSharedChat, type ContinueDeps } from './sharedChats';
export { sharedImage } from './sharedFiles';
