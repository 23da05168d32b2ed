import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentSchema } from './schema';

const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../../.env.example'), 'utf8');
const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));

describe('.env.example', () => {
  it('documents every variable the configuration reads', () => {
    const missing = Object.keys(environmentSchema.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('parses as a valid configuration when copied as is', () => {
    const values = Object.fromEntries(
      [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(environmentSchema.safeParse(values).success).toBe(true);
  });
});
