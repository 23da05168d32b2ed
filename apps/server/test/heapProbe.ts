import WebSocket from 'ws';

/**
 * The live heap of a server process after a full garbage collection, read through Node's
 * inspector (the process runs with NODE_OPTIONS=--inspect=127.0.0.1:0). Unlike RSS, it does not
 * depend on what the allocator kept or on how busy the machine is: it is what the program
 * still holds.
 */
export async function heapAfterGc(inspectorUrl: string): Promise<number> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = (nextId += 1);
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data)) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: { message: string };
        };
        if (reply.id !== id) return;
        socket.off('message', onMessage);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return Number(usage.usedSize);
  } finally {
    socket.close();
  }
}

/** The inspector's WebSocket URL from the line Node prints on stderr when it starts. */
export function inspectorUrlIn(line: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}
