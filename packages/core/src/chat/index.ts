export { exportSession } from './export';
export { listMessages } from './messages';
export { deleteMessage, editAndResend, regenerateReply, switchBranch } from './branches';
export { cancelReply, createMessage, sendMessage, type ChatDeps } from './send';
export { sessionEvents } from './sessionEvents';
export { DeltaBatcher } from './deltaBatcher';
