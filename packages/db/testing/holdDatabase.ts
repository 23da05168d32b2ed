// A child process for the lock tests: opens the embedded database in argv[2] and answers
// "ping" (runs a query) and "close" on stdin, one command a line.
import readline from 'node:readline';
import { createDatabase } from '../src/createDatabase';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: holdDatabase <dataDir>');

try {
  const database = await createDatabase({ kind: 'embedded', dataDir });
  console.log('ready');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'ping') {
      const users = await database.prisma.user.count();
      console.log(`pong ${users}`);
    } else if (line === 'close') {
      await database.close();
      console.log('closed');
      process.exit(0);
    }
  }
} catch (error) {
  console.log(`error ${(error as Error).message}`);
  process.exit(3);
}
