// The 1,000-message chat the web benchmark and the long-chat journeys open: mixed Markdown
// (paragraphs, lists, tables, fenced code in several languages) of varied lengths, with ids
// that say where a message stands (`long-0000` is the first, `long-0999` the newest).
import { createUser } from '@chatbot/core/accounts';
import type { Database } from '@chatbot/db';

export const LONG_CHAT = {
  email: 'long-chat@example.com',
  password: 'a long enough password',
  total: 1_000,
  firstId: 'long-0000',
  lastId: 'long-0999',
  firstText: 'The very first question of this long chat',
};

/** A deterministic generator, so every run renders the same history. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS =
  'the a render stream token message history scroll frame react server client cursor page query latency memo virtual list reply model prompt markdown highlight code block table event subscription database index'.split(
    ' ',
  );

function sentence(next: () => number, words: number) {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]);
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(next: () => number) {
  return Array.from({ length: 2 + Math.floor(next() * 4) }, () =>
    sentence(next, 6 + Math.floor(next() * 12)),
  ).join(' ');
}

const CODE: Record<string, (index: number) => string> = {
  ts: (index) =>
    [
      `export async function loadPage${index}(cursor?: string) {`,
      `  const page = await client.messages.list.query({ sessionId, cursor, limit: 50 });`,
      `  for (const message of page.items) {`,
      `    if (message.status === 'streaming') console.log(message.id, message.content.length);`,
      `  }`,
      `  return page.nextCursor ?? null;`,
      `}`,
    ].join('\n'),
  python: (index) =>
    [
      `def summarise_${index}(rows):`,
      `    totals = {}`,
      `    for row in rows:`,
      `        totals[row["key"]] = totals.get(row["key"], 0) + row["value"]`,
      `    return sorted(totals.items(), key=lambda item: -item[1])`,
    ].join('\n'),
  bash: (index) =>
    [
      `#!/usr/bin/env bash`,
      `set -euo pipefail`,
      `for file in logs/*.log; do`,
      `  grep -c "request ${index}" "$file" || true`,
      `done`,
    ].join('\n'),
};

/** A reply in Markdown: about 300 to 2,500 characters, a third of them with code. */
export function assistantMarkdown(index: number): string {
  const next = random(index * 7 + 1);
  const parts = [paragraph(next)];
  const shape = index % 6;
  if (shape === 1 || shape === 4) {
    const language = Object.keys(CODE)[index % 3]!;
    parts.push(`\`\`\`${language}\n${CODE[language]!(index)}\n\`\`\``, paragraph(next));
  }
  if (shape === 2) {
    parts.push(
      Array.from({ length: 3 + Math.floor(next() * 4) }, () => `- ${sentence(next, 5)}`).join('\n'),
    );
  }
  if (shape === 3) {
    parts.push(
      '| Step | Time | Note |\n| --- | ---: | --- |\n' +
        Array.from(
          { length: 4 },
          (_, row) => `| ${row + 1} | ${Math.floor(next() * 900)} ms | ${sentence(next, 3)} |`,
        ).join('\n'),
    );
  }
  if (shape === 5) parts.push(`## Details\n\n${paragraph(next)}\n\n${paragraph(next)}`);
  parts.push(`Use \`watchSession\` with **care**: ${sentence(next, 8)}`);
  return parts.join('\n\n');
}

function userText(index: number): string {
  const next = random(index * 13 + 5);
  if (index === 0) return `${LONG_CHAT.firstText}: ${sentence(next, 8)}`;
  return index % 10 === 0
    ? `${paragraph(next)}\n\n${paragraph(next)}`
    : sentence(next, 4 + (index % 14));
}

/** Seed the user and the chat; returns the session id. */
export async function seedLongChat({ prisma }: Database, model: string): Promise<string> {
  const user = await createUser(prisma, { email: LONG_CHAT.email, password: LONG_CHAT.password });
  const session = await prisma.session.create({
    data: { userId: user.id, title: 'A 1,000-message chat', model },
  });
  const base = Date.now() - LONG_CHAT.total * 60_000;
  const idOf = (index: number) => `long-${String(index).padStart(4, '0')}`;
  await prisma.message.createMany({
    data: Array.from({ length: LONG_CHAT.total }, (_, index) => ({
      id: idOf(index),
      // One linear path: each message follows the one before, the last is the active leaf.
      parentId: index === 0 ? null : idOf(index - 1),
      sessionId: session.id,
      role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: index % 2 === 0 ? userText(index) : assistantMarkdown(index),
      model: index % 2 === 0 ? null : model,
      createdAt: new Date(base + index * 60_000),
    })),
  });
  await prisma.session.update({
    where: { id: session.id },
    data: { activeLeafId: idOf(LONG_CHAT.total - 1) },
  });
  return session.id;
}

/** A long reply for the fake provider to stream: Markdown with code, in small chunks. */
export function streamedReplyChunks(count: number): string[] {
  const text = Array.from({ length: 40 }, (_, index) => assistantMarkdown(index + 10_000)).join(
    '\n\n',
  );
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, index) => text.slice(index * size, (index + 1) * size));
}
