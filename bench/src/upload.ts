// B6, uploads: 20 MB files through `POST /attachments` (multipart parsed, type sniffed, spooled,
// stored, a row written) against a bare server that streams the body straight to disk, each
// in its own process. Reports MB/s for both and how far the server's RSS rises during one
// upload above its settled level (it must stream, not buffer: "a few MB").
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { startWorker, type Worker } from './rpc';
import { judged, type ScenarioResult } from './stats';
import { withServer, type ScenarioContext } from './target';

const MB = 1_000_000;
/** Just under the default ATTACHMENT_MAX_BYTES (20 MiB), as a user's largest photo would be. */
const FILE_BYTES = 20 * MB;
const CHUNK = 64 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's chunk header: its length and type (the sniffer walks the chunks). */
function chunkHeader(type: string, length: number) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(length, 0);
  header.write(type, 4, 'latin1');
  return header;
}

/** Signature, an IHDR (4000 x 3000 RGB), and the header of one IDAT holding the rest. */
function pngHead(idatBytes: number) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4000, 0);
  ihdr.writeUInt32BE(3000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const crc = Buffer.alloc(4); // not checked by a sniffer; the bench never decodes the image
  return Buffer.concat([
    PNG_SIGNATURE,
    chunkHeader('IHDR', 13),
    ihdr,
    crc,
    chunkHeader('IDAT', idatBytes),
  ]);
}
/** IDAT's CRC, then IEND with its CRC. */
const PNG_TAIL = Buffer.concat([
  Buffer.alloc(4),
  chunkHeader('IEND', 0),
  Buffer.from([0xae, 0x42, 0x60, 0x82]),
]);
const BOUNDARY = 'chatbot-bench-boundary';

/** One multipart body with a PNG-typed file part, produced chunk by chunk (never held whole). */
function* multipartChunks(noise: Buffer): Generator<Buffer> {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  const idatBytes = FILE_BYTES - pngHead(0).length - PNG_TAIL.length;
  yield pngHead(idatBytes);
  for (let sent = 0; sent < idatBytes; sent += CHUNK) {
    yield noise.subarray(0, Math.min(CHUNK, idatBytes - sent));
  }
  yield PNG_TAIL;
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

/** Stream one upload; resolves with its wall time once the answer arrived. */
function upload(url: string, token: string, noise: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 201
          ? resolve(performance.now() - started)
          : reject(new Error(`upload answered ${response.statusCode}`)),
      );
    });
    request.on('error', reject);
    const chunks = multipartChunks(noise);
    const pump = () => {
      for (let next = chunks.next(); !next.done; next = chunks.next()) {
        if (!request.write(next.value)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

/** Upload `rounds` files one after another, sampling the serving process's RSS meanwhile. */
async function measure(serving: Worker, url: string, token: string, rounds: number) {
  const noise = randomBytes(CHUNK);
  await upload(url, token, noise); // warm-up: the first request pays for lazy imports
  const settled = await serving.call<number>('settledRss');
  let peak = settled;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rss } = await serving.call<{ rss: number }>('usage');
      peak = Math.max(peak, rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) times.push(await upload(url, token, noise));
  sampling = false;
  await sampler;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { mbPerSecond: FILE_BYTES / MB / (median / 1000), rssRiseMiB: (peak - settled) / 2 ** 20 };
}

export async function runUpload(context: ScenarioContext): Promise<ScenarioResult[]> {
  const rounds = context.sizes.uploads;
  context.log(
    `B6: ${rounds} uploads of ${FILE_BYTES / MB} MB each, one at a time, after a warm-up`,
  );
  const sink = await startWorker('uploadSink.ts');
  let floor: { mbPerSecond: number; rssRiseMiB: number };
  try {
    const { url } = await sink.call<{ url: string }>('start');
    floor = await measure(sink, `${url}/upload`, 'bench', rounds);
  } finally {
    await sink.call('stop').catch(() => {});
    await sink.stop();
  }
  const ours = await withServer(context, 'pglite', (target) =>
    measure(target.server, `${target.url}/attachments`, target.token, rounds),
  );
  context.log(
    `  upload route ${ours.mbPerSecond.toFixed(0)} MB/s (bare ${floor.mbPerSecond.toFixed(0)}), ` +
      `RSS +${ours.rssRiseMiB.toFixed(1)} MiB during an upload`,
  );
  const name = 'B6 upload, 20 MB file';
  return [
    judged({
      name,
      metric: 'throughput',
      value: ours.mbPerSecond,
      unit: 'MB/s',
      baseline: { name: 'bare stream to disk', value: floor.mbPerSecond },
    }),
    judged({
      name,
      metric: 'server_rss_rise_during_upload',
      value: ours.rssRiseMiB,
      unit: 'MiB',
      baseline: { name: 'bare stream to disk', value: floor.rssRiseMiB },
      target: 8,
      targetKind: 'max-value',
    }),
  ];
}
