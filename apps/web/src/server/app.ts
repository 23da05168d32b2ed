import 'server-only';
import { createApp, type App } from '@chatbot/api';
import { loadConfig } from '@chatbot/config';
import { createDatabase } from '@chatbot/db';

/**
 * The web app's composition root: one App per process. Kept on globalThis because `next dev`
 * reloads modules, and a second open of the embedded data directory would be refused.
 */
const holder = globalThis as unknown as { chatbotApp?: Promise<App> };

export function getApp(): Promise<App> {
  holder.chatbotApp ??= (async () => {
    const config = loadConfig();
    // Migrations ran before the server started (`pnpm db:migrate`, see scripts/start.mjs).
    const database = await createDatabase(
      config.database.kind === 'postgres'
        ? { kind: 'postgres', url: config.database.url }
        : config.database,
      { migrate: false },
    );
    const app = await createApp({ config, database });
    const shutdown = async () => {
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown());
    process.once('SIGINT', () => void shutdown());
    return app;
  })();
  return holder.chatbotApp;
}
