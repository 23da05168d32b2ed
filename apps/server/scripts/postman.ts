// Writes docs/postman.json from the OpenAPI document (`pnpm docs:postman`). A test fails when
// the checked-in file is stale.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../src/http/apiDocs';
import { postmanCollectionText } from '../src/http/postman';

export const POSTMAN_FILE = fileURLToPath(new URL('../../../docs/postman.json', import.meta.url));

const text = postmanCollectionText(openApiDocument('http://localhost:3001'));
fs.writeFileSync(POSTMAN_FILE, text);
process.stdout.write(`wrote ${POSTMAN_FILE}\n`);
