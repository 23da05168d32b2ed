/** An image part as a fake provider received it, whatever the wire format. */
export interface FakeImage {
  mediaType: string;
  /** Base64, as sent. */
  data: string;
}

/** A 1x1 PNG (a valid image every provider would accept), for tests. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/**
 * What a real provider would say about an inline image, or undefined when it is fine: the
 * providers refuse bad base64, types they do not take, and bytes that are not that type.
 */
export function imageProblem(
  mediaType: unknown,
  data: unknown,
  /** The provider's limit per image, in decoded bytes. */
  maxBytes = Number.POSITIVE_INFINITY,
): string | undefined {
  if (typeof mediaType !== 'string' || !(mediaType in SIGNATURES)) {
    return `Unsupported image media type: ${String(mediaType)}`;
  }
  if (typeof data !== 'string' || data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
    return 'Image data is not valid base64';
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.byteLength > maxBytes) {
    return `image exceeds ${maxBytes / (1024 * 1024)} MB maximum: ${bytes.byteLength} bytes`;
  }
  if (!SIGNATURES[mediaType]!(bytes)) {
    return `Image does not match the provided media type ${mediaType}`;
  }
  return undefined;
}
