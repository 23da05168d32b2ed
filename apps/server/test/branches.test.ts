import {
  closeChatClient,
  createChatClient,
  watchSession,
  type ChatClient,
  type Conversation,
} from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents, endOf } from './events';
import { errorOf, startTestServer, type TestServer } from './harness';
import { registerOverRest, type RestClient } from './rest/restClient';

let t: TestServer;
const clients: ChatClient[] = [];
const stops: (() => void)[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const stop of stops) stop();
  for (const client of clients) closeChatClient(client);
  await t?.close();
});

/** A user with a REST client and two typed clients (an SSE tab and a WebSocket tab). */
async function newUser() {
  const { api, tokens } = await registerOverRest(t.server.url);
  const tab = (transport: 'sse' | 'ws') => {
    const client = createChatClient({ url: t.trpcUrl, token: tokens.accessToken, transport });
    clients.push(client);
    return client;
  };
  return { api, sse: tab('sse'), ws: tab('ws') };
}

/** A watched conversation (what a browser tab holds) and a way to wait for a state of it. */
function openTab(client: ChatClient, sessionId: string) {
  const listeners = new Set<() => void>();
  const watch = watchSession(client, sessionId, {
    onChange: () => {
      for (const listener of [...listeners]) listener();
    },
  });
  stops.push(() => watch.stop());
  return {
    watch,
    /** Resolves once the tab shows exactly this path, settled; fails naming what it shows. */
    shows(expected: [string, number][]): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`the tab shows ${JSON.stringify(shape(watch.current()))}`));
        }, 30_000);
        function check() {
          const now = watch.current();
          if (now.messages.some((message) => message.status === 'streaming')) return;
          if (JSON.stringify(shape(now)) !== JSON.stringify(expected)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}

/** The path a tab shows: ids and version counts (a message known only by event has one). */
const shape = (conversation: Conversation) =>
  conversation.messages.map((message) => [message.id, message.siblingIds?.length ?? 1]);

async function settledList(api: RestClient, sessionId: string) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const answer = await api.get(`/messages/${sessionId}`);
    const items = answer.body as { id: string; status: string; siblingIds: string[] }[];
    if (items.every((message) => message.status !== 'streaming')) return items;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('reply did not finish');
}

describe('the conversation tree over the typed client and REST', () => {
  it('regenerate, edit and switch: two tabs (SSE and WebSocket) agree on the active path', async () => {
    const { sse, ws, api } = await newUser();
    const session = await sse.sessions.create.mutate();
    const tabA = openTab(sse, session.id);
    const tabB = openTab(ws, session.id);
    await Promise.all([tabA.watch.ready, tabB.watch.ready]);

    const sent = await sse.messages.send.mutate({ sessionId: session.id, content: 'q1' });
    const q1 = sent.userMessage.id;
    const a1 = sent.assistantMessage!.id;
    const both = (expected: [string, number][]) =>
      Promise.all([tabA.shows(expected), tabB.shows(expected)]);
    await both([
      [q1, 1],
      [a1, 1],
    ]);

    // Regenerate: a second version of the reply is shown; the first one stays.
    const a1b = (await ws.messages.regenerate.mutate({ messageId: a1 })).id;
    await both([
      [q1, 1],
      [a1b, 2],
    ]);

    // Edit: a second version of the question with its own reply.
    const a2 = (await sse.messages.edit.mutate({ messageId: q1, content: 'q1, edited' })).id;
    const edited = (await sse.messages.list.query({ sessionId: session.id })).items[0]!;
    expect(edited).toMatchObject({
      content: 'q1, edited',
      parentId: null,
      siblingIds: [q1, edited.id],
    });
    await both([
      [edited.id, 2],
      [a2, 1],
    ]);

    // Switch back (over REST): the old question's branch, to its newest leaf (the regenerated reply).
    const switched = await api.post(`/messages/${q1}/branch`);
    expect(switched.status).toBe(200);
    expect(switched.body).toEqual({ leafId: a1b });
    await both([
      [q1, 2],
      [a1b, 2],
    ]);
    expect(tabA.watch.current().messages).toEqual(tabB.watch.current().messages);

    // Nothing was deleted: five messages in the tree.
    expect(await t.database.prisma.message.count({ where: { sessionId: session.id } })).toBe(5);
  });

  it('REST: the compatibility POST /messages answers on the active path; DELETE removes a subtree', async () => {
    const { api, sse } = await newUser();
    const session = await sse.sessions.create.mutate();
    const first = await sse.messages.send.mutate({ sessionId: session.id, content: 'q1' });
    await settledList(api, session.id);
    const regenerated = await sse.messages.regenerate.mutate({
      messageId: first.assistantMessage!.id,
    });
    await settledList(api, session.id);

    // Back to the first reply, then a POST /messages continues that branch.
    await sse.messages.switchBranch.mutate({ messageId: first.assistantMessage!.id });
    const posted = await api.post('/messages', {
      sessionId: session.id,
      role: 'user',
      content: 'q2',
    });
    expect(posted.status).toBe(201);
    expect(posted.body.parentId).toBe(first.assistantMessage!.id);
    const path = await settledList(api, session.id);
    expect(path.map((message) => message.id).slice(0, 3)).toEqual([
      first.userMessage.id,
      first.assistantMessage!.id,
      posted.body.id,
    ]);
    expect(path[1]?.siblingIds).toEqual([first.assistantMessage!.id, regenerated.id]);

    // Deleting the first reply deletes what follows it; the other version becomes the path.
    const removed = await api.delete(`/messages/${first.assistantMessage!.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.leafId).toBe(regenerated.id);
    expect(removed.body.deletedIds).toHaveLength(3);
    expect((await settledList(api, session.id)).map((message) => message.id)).toEqual([
      first.userMessage.id,
      regenerated.id,
    ]);
  });

  it('switching while a reply streams is a CONFLICT (409 over REST)', async () => {
    const { api, sse } = await newUser();
    const session = await sse.sessions.create.mutate();
    const first = await sse.messages.send.mutate({ sessionId: session.id, content: 'q1' });
    await settledList(api, session.id);
    // The echo model takes a few milliseconds per word: the reply streams right after send.
    const second = await sse.messages.send.mutate({
      sessionId: session.id,
      content: 'a long question '.repeat(20),
    });
    expect(
      await errorOf(sse.messages.switchBranch.mutate({ messageId: first.userMessage.id })),
    ).toMatchObject({
      code: 'CONFLICT',
    });
    expect((await api.post(`/messages/${first.userMessage.id}/branch`)).status).toBe(409);
    expect((await api.delete(`/messages/${first.userMessage.id}`)).status).toBe(409);
    await settledList(api, session.id);
    expect(second.assistantMessage).not.toBeNull();
  });

  it('resume by event id across a branch switch delivers every missed event exactly once', async () => {
    const { sse, api } = await newUser();
    const session = await sse.sessions.create.mutate();
    let leafAfterSwitch: string | undefined;
    const isSwitch = (event: { data: { type: string; leafId?: string | null } }) =>
      event.data.type === 'session:branch' && event.data.leafId === leafAfterSwitch;
    const everything = collectEvents(sse, session.id, {
      until: (event) => leafAfterSwitch !== undefined && isSwitch(event),
    });
    await everything.ready;

    const sent = await sse.messages.send.mutate({ sessionId: session.id, content: 'q1' });
    await settledList(api, session.id);
    let regeneratedId: string | undefined;
    const regenerating = collectEvents(sse, session.id, { until: endOf(() => regeneratedId) });
    await regenerating.ready;
    regeneratedId = (await sse.messages.regenerate.mutate({ messageId: sent.assistantMessage!.id }))
      .id;
    await regenerating.done;

    // A tab that saw events up to the end of the first reply, then dropped its connection.
    const seen = everything.received;
    const lastSeen = seen.findIndex(
      (event) =>
        event.data.type === 'message:done' && event.data.messageId === sent.assistantMessage!.id,
    );
    expect(lastSeen).toBeGreaterThan(0);
    leafAfterSwitch = sent.assistantMessage!.id;
    await sse.messages.switchBranch.mutate({ messageId: sent.assistantMessage!.id });
    const all = await everything.done;

    const resumed = await collectEvents(sse, session.id, {
      lastEventId: all[lastSeen]!.id,
      until: isSwitch,
    }).done;
    expect(resumed.map((event) => event.id)).toEqual(all.slice(lastSeen + 1).map((e) => e.id));
    expect(resumed.map((event) => event.data.type)).toContain('message:new');
    expect(resumed.filter((event) => event.data.type === 'session:branch')).toHaveLength(2);
  });

  it("another user's message ids are NOT_FOUND in every tree procedure", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const session = await owner.sse.sessions.create.mutate();
    const sent = await owner.sse.messages.send.mutate({ sessionId: session.id, content: 'mine' });
    await settledList(owner.api, session.id);
    const user = sent.userMessage.id;
    const reply = sent.assistantMessage!.id;
    const calls = [
      stranger.sse.messages.regenerate.mutate({ messageId: reply }),
      stranger.sse.messages.edit.mutate({ messageId: user, content: 'x' }),
      stranger.sse.messages.switchBranch.mutate({ messageId: user }),
      stranger.sse.messages.delete.mutate({ messageId: user }),
    ];
    for (const call of calls)
      expect(await errorOf(call)).toMatchObject({ code: 'NOT_FOUND', field: 'messageId' });
    expect((await stranger.api.post(`/messages/${user}/branch`)).status).toBe(404);
    expect((await stranger.api.delete(`/messages/${user}`)).status).toBe(404);
    expect(await t.database.prisma.message.count({ where: { sessionId: session.id } })).toBe(2);
  });
});
