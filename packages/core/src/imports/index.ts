export { conversationsOfFile, fileError, type ReaderStats } from './source';
export { importConversations, type ImportDeps } from './importer';
