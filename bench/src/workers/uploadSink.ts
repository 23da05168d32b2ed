// B6's floor: a bare HTTP server that streams each request body to a file on disk and answers
// 201. No parsing, no type check, no database: the least an upload route can do.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { serveCalls, settledRss } from '../rpc';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-bench-sink-'));
let count = 0;
const server = http.createServer((request, response) => {
  const file = path.join(dir, `upload-${(count += 1)}`);
  pipeline(request, fs.createWriteStream(file)).then(
    () => response.writeHead(201, { 'content-type': 'application/json' }).end('{}'),
    () => response.writeHead(500).end(),
  );
});

serveCalls({
  async start() {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  },
  usage: () => ({ rss: process.memoryUsage().rss }),
  settledRss,
  stop() {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
