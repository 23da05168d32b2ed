import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AttachmentRefusedError } from './errors';

/**
 * Stream the `file` part of a multipart/form-data body to `receive`, without buffering it;
 * other parts are skipped. Resolves once the upload is stored and the body fully read; rejects
 * at once on a refusal (the host then answers and closes the connection).
 */
export function receiveMultipartFile<T>(
  headers: Record<string, string | undefined>,
  body: Readable,
  maxBytes: number,
  receive: (name: string, stream: Readable) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': headers['content-type'] },
        // Browsers send file names as raw UTF-8 (busboy's default reads them as Latin-1).
        defParamCharset: 'utf8',
        // One more byte than allowed reaches the upload, which refuses it with a clear message.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 4_096, parts: 30 },
      });
    } catch {
      reject(new AttachmentRefusedError('no_file', 'Send the file as multipart/form-data'));
      return;
    }
    let upload: Promise<T> | undefined;
    let fileStream: Readable | undefined;
    let parsed = false;
    const settle = () => {
      if (!parsed || !upload) return;
      upload.then(resolve, reject);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || upload) {
        stream.resume();
        return;
      }
      fileStream = stream;
      upload = receive(info.filename || 'file', stream);
      // A refusal answers before the rest of the body is read.
      upload.catch(reject);
      settle();
    });
    parser.on('close', () => {
      parsed = true;
      if (!upload)
        reject(new AttachmentRefusedError('no_file', 'Attach a file in a part named "file"'));
      settle();
    });
    parser.on('error', (error: Error) =>
      reject(
        new AttachmentRefusedError('no_file', `The multipart body is invalid: ${error.message}`),
      ),
    );
    // A client that goes away mid-file ends the upload (its temp file is removed).
    let ended = false;
    const aborted = (error?: Error) => {
      if (ended) return;
      ended = true;
      const reason = error ?? new Error('The client aborted the upload');
      fileStream?.destroy(reason);
      parser.destroy(reason);
      reject(reason);
    };
    body.on('error', aborted);
    body.once('close', () => {
      if (!body.readableEnded) aborted();
    });
    body.pipe(parser);
  });
}
