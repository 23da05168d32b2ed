/** The media types an upload may have, decided from its content. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const BINARY_TYPES: readonly string[] = [...IMAGE_TYPES, 'application/pdf'];

const SOURCE_CODE = [
  'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'scala', 'c', 'h',
  'cc', 'cpp', 'hpp', 'cs', 'php', 'swift', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'yaml', 'yml',
  'toml', 'ini', 'cfg', 'env', 'css', 'scss', 'html', 'htm', 'xml', 'vue', 'svelte', 'lua', 'r',
  'pl', 'dart', 'ex', 'exs', 'erl', 'hs', 'clj', 'tex', 'diff', 'patch', 'proto', 'graphql',
]; // prettier-ignore

/**
 * Text files are typed by extension (their bytes say only "text"), and only once the content
 * proved to be UTF-8 without NUL bytes. Source code and markup are served as text/plain, so a
 * browser never renders them.
 */
const TEXT_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  ...Object.fromEntries(SOURCE_CODE.map((extension) => [extension, 'text/plain'])),
};

/** Every media type an upload can be stored with (what a download may be served as). */
export const STORED_MEDIA_TYPES: readonly string[] = [
  ...BINARY_TYPES,
  ...new Set(Object.values(TEXT_BY_EXTENSION)),
];

/** The text type a file name allows, or undefined when its extension is not a text one. */
export function textTypeFor(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0)
    return /^(Dockerfile|Makefile|README|LICENSE)$/i.test(name) ? 'text/plain' : undefined;
  return TEXT_BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

export const kindOf = (mediaType: string): 'image' | 'document' =>
  mediaType.startsWith('image/') ? 'image' : 'document';

/** Why an upload was refused; the HTTP adapter maps each to its status. */
export type RefusalReason = 'no_file' | 'empty' | 'too_large' | 'unsupported_type' | 'quota';

export class AttachmentRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** The file name, when the refusal concerns one file. */
    readonly fileName?: string,
  ) {
    super(message);
    this.name = 'AttachmentRefused';
  }
}

export const isAttachmentRefused = (error: unknown): error is AttachmentRefused =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: unknown }).name === 'AttachmentRefused';
