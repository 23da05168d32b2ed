import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPath } from './exportPath';

describe('exportPath', () => {
  it('resolves a relative path against the folder the user started in', () => {
    expect(exportPath('chat.md', '/home/me/notes')).toBe('/home/me/notes/chat.md');
    expect(exportPath('../chat.md', '/home/me/notes')).toBe('/home/me/chat.md');
    expect(exportPath('/tmp/chat.md', '/home/me/notes')).toBe('/tmp/chat.md');
  });

  it('expands ~ to the home folder', () => {
    expect(exportPath('~/chat.md', '/elsewhere')).toBe(path.join(os.homedir(), 'chat.md'));
    expect(exportPath('~', '/elsewhere')).toBe(os.homedir());
    expect(exportPath('~other/chat.md', '/x')).toBe('/x/~other/chat.md');
  });
});
