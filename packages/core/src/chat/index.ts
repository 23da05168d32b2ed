export { exportSession } from './export';
export { listMessages } from './messages';
export {
  cancelReply,
  createMessage,
  editAndResend,
  regenerateReply,
  sendMessage,
  type ChatDeps,
} from './send';
export { sessionEvents } from './sessionEvents';
