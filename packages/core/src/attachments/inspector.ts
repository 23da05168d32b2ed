import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { fileTypeFromBuffer } from 'file-type';
import { AttachmentRefused, BINARY_TYPES, textTypeFor } from './types';

/** Bytes file-type reads to recognise every format it knows. */
const SNIFF_BYTES = 4_100;

/**
 * Passes an upload through while deciding its type from its first bytes (a refused type stops
 * the upload there), counting bytes against `limit`, and checking text files are UTF-8 with no
 * NUL byte to the end. Holds at most the first few KB, whatever the file's size.
 */
export class UploadInspector extends Transform {
  size = 0;
  mediaType: string | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private text: TextDecoder | undefined;

  constructor(
    private readonly name: string,
    private readonly limit: { bytes: number; refusal: () => AttachmentRefused },
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.limit.bytes) return done(this.limit.refusal());
    if (this.mediaType) return done(this.check(chunk), chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return done();
    this.decide().then(() => done(), done);
  }

  override _flush(done: TransformCallback) {
    const finish = () => {
      try {
        this.text?.decode(); // throws on a truncated UTF-8 sequence at the very end
        done();
      } catch {
        done(this.notText());
      }
    };
    if (this.mediaType) return finish();
    this.decide().then(finish, done);
  }

  private async decide() {
    const head = Buffer.concat(this.head);
    this.head = [];
    const sniffed = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
    if (sniffed) {
      if (!BINARY_TYPES.includes(sniffed.mime)) {
        throw new AttachmentRefused(
          'unsupported_type',
          `${this.name} is ${sniffed.mime}; attach images (PNG, JPEG, WebP, GIF), PDFs or text files`,
          this.name,
        );
      }
      this.mediaType = sniffed.mime;
    } else {
      const textType = textTypeFor(this.name);
      if (!textType) throw this.notText();
      this.mediaType = textType;
      this.text = new TextDecoder('utf-8', { fatal: true });
    }
    const error = this.check(head);
    if (error) throw error;
    this.push(head);
  }

  /** For a text file: the chunk is valid so far. */
  private check(chunk: Buffer): Error | null {
    if (!this.text) return null;
    try {
      if (chunk.includes(0)) return this.notText();
      this.text.decode(chunk, { stream: true });
      return null;
    } catch {
      return this.notText();
    }
  }

  private notText() {
    return new AttachmentRefused(
      'unsupported_type',
      `${this.name} is not a supported file: attach images (PNG, JPEG, WebP, GIF), PDFs or UTF-8 text files (.txt, .md, .csv, .json, source code)`,
      this.name,
    );
  }
}
