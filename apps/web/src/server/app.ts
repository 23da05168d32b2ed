import 'server-only';
import { appRouter, withStreamSettings, type AppRouter } from '@chatbot/api';
import { createApp, type App } from '@chatbot/core';
import { loadConfig } from '@chatbot/config';
import { createDatabase } from '@chatbot/db';

/**
 * The web app's composition root: one App per process. Kept on globalThis because `next dev`
 * reloads modules, and a second open of the embedded data directory would be refused.
 */
const holder = globalThis as unknown as { chatbotApp?: Promise<App>; chatbotRouter?: AppRouter };

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

/** The router with this process's subscription stream settings (keep-alive, max duration). */
export async function getRouter(): Promise<AppRouter> {
  const app = await getApp();
  holder.chatbotRouter ??= withStreamSettings(appRouter, app.config.streaming);
  return holder.chatbotRouter;
}
