import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { JSONParser } from '@streamparser/json';
import yauzl from 'yauzl';
import { badRequest, DomainError } from '../errors';

/** What the reader held, for the tests that bound its memory. */
export interface ReaderStats {
  /** The most parsed conversations waiting at once (one chunk of the file's worth). */
  peakQueued: number;
}

const tooLarge = (maxBytes: number) =>
  new DomainError(
    'BAD_REQUEST',
    `The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES)`,
    'file',
  );

/** Counts bytes as they pass and refuses the stream past `maxBytes`. */
async function* capped(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number) {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}

const isBlank = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The conversations of a JSON file, one at a time: each element of a top-level array, or the
 * top-level object itself (one export). The parser keeps nothing of an element once it is
 * handed out, so memory holds one conversation (plus the rest of its chunk), not the file.
 */
async function* jsonConversations(
  bytes: AsyncIterable<Uint8Array>,
  stats: ReaderStats,
): AsyncGenerator<unknown> {
  let parser: JSONParser | undefined;
  const queue: unknown[] = [];
  const write = (chunk: Uint8Array) => {
    try {
      parser!.write(chunk);
    } catch (error) {
      throw badRequest(`The file is not valid JSON (${(error as Error).message})`, 'file');
    }
    stats.peakQueued = Math.max(stats.peakQueued, queue.length);
  };
  for await (let chunk of bytes) {
    if (!parser) {
      let start = 0;
      // A UTF-8 byte order mark and leading blanks say nothing of the shape.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
      while (start < chunk.length && isBlank(chunk[start]!)) start += 1;
      if (start === chunk.length) continue;
      const first = chunk[start];
      if (first !== 0x5b /* [ */ && first !== 0x7b /* { */) {
        throw badRequest('The file is not a JSON export (an array or an object)', 'file');
      }
      parser = new JSONParser({ paths: [first === 0x5b ? '$.*' : '$'], keepStack: false });
      parser.onValue = ({ value }) => queue.push(value);
      chunk = chunk.subarray(start);
    }
    write(chunk);
    while (queue.length > 0) yield queue.shift();
  }
  if (!parser) throw badRequest('The file is empty', 'file');
  if (!parser.isEnded) throw badRequest('The file ends before its JSON does', 'file');
}

/** The `conversations.json` inside ChatGPT's export zip, read from a file on disk. */
async function* zippedConversations(
  zipPath: string,
  maxBytes: number,
  stats: ReaderStats,
): AsyncGenerator<unknown> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw badRequest(`The zip cannot be read (${(error as Error).message})`, 'file');
  }
  try {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      zip.on('entry', (found: yauzl.Entry) => {
        if (path.posix.basename(found.fileName) === 'conversations.json') resolve(found);
        else zip.readEntry();
      });
      zip.once('end', () => resolve(undefined));
      zip.once('error', reject);
      zip.readEntry();
    });
    if (!entry) throw badRequest('The zip holds no conversations.json', 'file');
    // The unzipped JSON is bounded too: a small zip cannot inflate without limit.
    if (entry.uncompressedSize > maxBytes) throw tooLarge(maxBytes);
    const stream = await zip.openReadStreamPromise(entry);
    try {
      yield* jsonConversations(capped(stream, maxBytes), stats);
    } finally {
      stream.destroy();
    }
  } finally {
    zip.close();
  }
}

/**
 * The conversations of an uploaded file, streamed: a JSON file (our export, or ChatGPT's
 * `conversations.json`) or ChatGPT's export zip. A zip is spooled to a temporary file first
 * (its directory is at its end); JSON is parsed as it arrives.
 */
export async function* conversationsOfFile(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  { maxBytes, stats = { peakQueued: 0 } }: { maxBytes: number; stats?: ReaderStats },
): AsyncGenerator<unknown> {
  const iterator = capped(bytes, maxBytes)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.byteLength === 0) first = await iterator.next();
  if (first.done) throw badRequest('The file is empty', 'file');
  const head = first.value;
  async function* rest() {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  const isZip = head[0] === 0x50 && head[1] === 0x4b; // "PK"
  if (!isZip) {
    yield* jsonConversations(rest(), stats);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'chatbot-import-'));
  try {
    const zipPath = path.join(dir, 'export.zip');
    await pipeline(rest(), createWriteStream(zipPath));
    yield* zippedConversations(zipPath, maxBytes, stats);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A refusal of the uploaded file as a whole (BAD_REQUEST on the field `file`). */
export const fileError = (message: string) => badRequest(message, 'file');
