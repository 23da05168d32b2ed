export { createTestPostgres, type TestPostgres } from './postgres';
export { openTestDatabase, type TestDatabase } from './testDatabase';
export { spawnTypeScript, tsxNodeArguments } from './spawnTypeScript';
export { createQueryCounter, type RecordedQuery } from './queryCounter';
export { linkAsLinearPath } from '../src/linearPath';
