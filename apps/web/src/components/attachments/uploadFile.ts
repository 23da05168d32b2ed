import type { UploadedView } from './attachment';

export interface Upload {
  /** Settles with the server's description of the file, or rejects with an UploadError. */
  done: Promise<UploadedView>;
  abort(): void;
}

/** A refused or failed upload, in words the user can read (the server's own when it sent one). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** The server's refusal body is `{ error: { message } }`; anything else gets a plain sentence. */
function refusalMessage(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string' && body.error.message) return body.error.message;
  } catch {
    // not JSON: a proxy's page, or nothing
  }
  if (xhr.status === 413) return 'The file is too large';
  if (xhr.status === 429) return 'Too many uploads, try again shortly';
  return `The upload failed (HTTP ${xhr.status})`;
}

/**
 * POST one file to /api/attachments as multipart (part `file`), reporting progress. XHR and not
 * fetch: only XHR reports upload progress. The session cookie authenticates it.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  url = '/api/attachments',
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadedView>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedView);
        } catch {
          reject(new UploadError('The server sent an unreadable answer', xhr.status));
        }
      } else reject(new UploadError(refusalMessage(xhr), xhr.status));
    };
    xhr.onerror = () =>
      reject(
        new UploadError(
          navigator.onLine === false ? 'You are offline' : 'Could not reach the server',
          0,
        ),
      );
    xhr.onabort = () => reject(new UploadError('Upload cancelled', 0));
  });
  const form = new FormData();
  form.append('file', file, file.name);
  xhr.open('POST', url);
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}

/** Remove an upload that will not be sent (the server keeps unattached files until a sweep). */
export function deleteUpload(id: string, url = '/api/attachments') {
  return fetch(`${url}/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
}
