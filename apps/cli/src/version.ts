import fs from 'node:fs';

/**
 * The CLI's version, from its package.json: `../package.json` is the same file from `src/`
 * (tsx) and from `dist/` (the built command), and it ships in the packed tarball.
 */
export function cliVersion(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
