import { contentDisposition } from './contentDisposition';

/**
 * The headers a file is served with, to its owner or from a shared link: a content type that
 * cannot be sniffed into HTML, images inline and everything else as a download.
 */
export function downloadHeaders(
  file: { name: string; mediaType: string; size: number },
  cacheControl: string,
) {
  const image = file.mediaType.startsWith('image/');
  const text = file.mediaType.startsWith('text/') || file.mediaType === 'application/json';
  return {
    'content-type': text ? `${file.mediaType}; charset=utf-8` : file.mediaType,
    'content-length': String(file.size),
    'content-disposition': contentDisposition(image ? 'inline' : 'attachment', file.name),
    'x-content-type-options': 'nosniff',
    // Opened directly, a file can run nothing and reach nothing.
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': cacheControl,
  };
}
