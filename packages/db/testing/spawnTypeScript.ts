import { spawn, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** `node --import <tsx>`: run a TypeScript file in a child process, from any working directory. */
export function tsxNodeArguments(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

/** Spawn a TypeScript entry point (a server, a CLI, a fixture) as a real child process. */
export function spawnTypeScript(
  script: string,
  args: string[] = [],
  options: SpawnOptionsWithoutStdio = {},
) {
  return spawn(process.execPath, [...tsxNodeArguments(), script, ...args], options);
}
