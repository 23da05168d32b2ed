export { createGroup, deleteGroup, listGroups, requireGroup, updateGroup } from './groups';
export {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  requireSession,
  updateSession,
  type SessionDeps,
} from './sessions';
export { requireRoomFor, type Quotas } from './quotas';
