// The web app's HTTP server: Next's request handler behind our own socket, so every request
// carries its real peer address. `next start` only sets X-Forwarded-For when the client sent
// none, so a client could otherwise choose the address its rate limits are counted under.
// The two headers are always overwritten here; src/server/clientAddress.ts reads them.
import http from 'node:http';
import { webDir } from './buildState.mjs';

process.env.NODE_ENV = 'production';
const { default: next } = await import('next');

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || '0.0.0.0';
const app = next({ dev: false, dir: webDir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
globalThis.chatbotPeerStamped = true;

const server = http.createServer((req, res) => {
  const forwarded = req.headers['x-forwarded-for'];
  req.headers['x-chatbot-peer'] = req.socket.remoteAddress ?? '';
  req.headers['x-chatbot-forwarded-for'] = Array.isArray(forwarded)
    ? forwarded.join(', ')
    : (forwarded ?? '');
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`Listening on http://${hostname}:${port}`));
