// B4's load: `concurrency` keep-alive connections asking one URL in a loop for `durationMs`.
import http from 'node:http';
import { percentile } from '../stats';

export async function httpLoad(options: {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let failures = 0;
  const request = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      http
        .get(options.url, { agent, headers: options.headers }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - started);
            else failures += 1;
            resolve();
          });
        })
        .on('error', () => {
          failures += 1;
          resolve();
        });
    });
  // Warm up the connections and the JIT, then measure.
  await Promise.all(Array.from({ length: options.concurrency * 4 }, request));
  latencies.length = 0;
  failures = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) await request();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: latencies.length / seconds, p99: percentile(latencies, 99), failures };
}
