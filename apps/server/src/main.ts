// The standalone server's entry point: configuration, database, app, server, signals.
import { createApp } from '@chatbot/core';
import { loadConfig } from '@chatbot/config';
import { createDatabase, DataDirLockedError } from '@chatbot/db';
import { createLogger } from './logger';
import { startServer } from './server';

const config = loadConfig();
const logger = createLogger(config);

async function main() {
  const database = await createDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url }
      : config.database,
  );
  const app = await createApp({ config, database, logger });
  const server = await startServer({ app, logger });
  logger.info(
    { url: server.url, database: database.kind, dataDir: config.database.dataDir },
    `Chatbot AI server listening on ${server.url} (tRPC at ${server.url}/trpc)`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await server.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'server failed to start');
  }
  process.exit(1);
});
