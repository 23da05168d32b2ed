export { startServer, DEFAULT_SERVER_PORT, type RunningServer, type ServerOptions } from './server';
export { createLogger, type ServerLogger } from './logger';
