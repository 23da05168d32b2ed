import 'server-only';
import { appRouter, createCallerFactory, createContextInner } from '@chatbot/api';
import { getApp } from './app';
import { currentUser } from './auth';

const createCaller = createCallerFactory(appRouter);

/** The router, called in-process from a server component as the signed-in user. */
export async function serverCaller() {
  const [app, user] = await Promise.all([getApp(), currentUser()]);
  return createCaller(await createContextInner(app, { sessionUserId: user?.id }));
}
