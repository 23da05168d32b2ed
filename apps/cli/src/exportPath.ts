import os from 'node:os';
import path from 'node:path';

/**
 * Where `/export` writes: `~` is the home folder, and a relative path is relative to the folder
 * the user started in, not the folder `pnpm` runs the script from.
 */
export function exportPath(file: string, startDir: string): string {
  const expanded =
    file === '~'
      ? os.homedir()
      : file.startsWith('~/')
        ? path.join(os.homedir(), file.slice(2))
        : file;
  return path.resolve(startDir, expanded);
}
