import { describe, expect, it } from 'vitest';
import { serverUrl, ServerUrlError } from './serverUrl';

describe('serverUrl', () => {
  it("adds /trpc to the standalone server's base address", () => {
    expect(serverUrl('http://127.0.0.1:3001', '--url')).toBe('http://127.0.0.1:3001/trpc');
    expect(serverUrl('http://127.0.0.1:3001/', '--url')).toBe('http://127.0.0.1:3001/trpc');
  });

  it('keeps a full endpoint as given (the web app serves it at /api/trpc)', () => {
    expect(serverUrl('https://chat.example.com/api/trpc/', '--url')).toBe(
      'https://chat.example.com/api/trpc',
    );
    expect(serverUrl(' http://host:3001/trpc ', 'CHATBOT_URL')).toBe('http://host:3001/trpc');
  });

  it('refuses what is not an http(s) URL, naming where it came from', () => {
    expect(() => serverUrl('foo', '--url')).toThrow(
      new ServerUrlError(
        '--url must be an http(s) URL like http://127.0.0.1:3001/trpc (got "foo").',
      ),
    );
    expect(() => serverUrl('ws://host:3001', 'CHATBOT_URL')).toThrow(/^CHATBOT_URL must be/);
  });
});
