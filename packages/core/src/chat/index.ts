export { exportSession } from './export';
export { listMessages } from './messages';
export { deleteMessage, switchBranch } from './branches';
export {
  cancelReply,
  createMessage,
  editAndResend,
  regenerateReply,
  sendMessage,
  type ChatDeps,
} from './send';
export { sessionEvents } from './sessionEvents';
export { DeltaBatcher } from './deltaBatcher';
