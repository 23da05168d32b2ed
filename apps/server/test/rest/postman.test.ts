import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/apiDocs';
import { postmanCollectionText, toPostmanCollection } from '../../src/http/postman';

const checkedIn = fileURLToPath(new URL('../../../../docs/postman.json', import.meta.url));

describe('docs/postman.json', () => {
  it('is the collection generated from the current OpenAPI document (run `pnpm docs:postman`)', () => {
    const expected = postmanCollectionText(openApiDocument('http://localhost:3001'));
    expect(fs.readFileSync(checkedIn, 'utf8')).toBe(expected);
  });

  it('holds one request per documented operation, with bodies for those that take one', () => {
    const document = openApiDocument('http://localhost:3001');
    const collection = toPostmanCollection(document);
    const requests = collection.item.flatMap(
      (folder) =>
        folder.item as {
          request: { method: string; url: { raw: string }; body?: { raw: string } };
        }[],
    );
    const operations = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} {{baseUrl}}${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    expect(requests.map((item) => `${item.request.method} ${item.request.url.raw}`).sort()).toEqual(
      operations.sort(),
    );
    const login = requests.find((item) => item.request.url.raw.endsWith('/auth/login'));
    expect(JSON.parse(login!.request.body!.raw)).toEqual({
      email: 'you@example.com',
      password: 'correct horse battery',
    });
  });
});
