export {
  createDatabase,
  embeddedDatabasePath,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseConfig,
} from './createDatabase';
export { linkAsLinearPath } from './linearPath';
export { DataDirLockedError, lockDataDir, type DataDirLock } from './dataDirLock';
export {
  Prisma,
  PrismaClient,
  MessageRole,
  MessageStatus,
  type Account,
  type Attachment,
  type Group,
  type Message,
  type RefreshToken,
  type Session,
  type User,
} from './generated/prisma/client';
