'use client';
import { MARKDOWN_FRAME, MarkdownContent } from './Markdown';

/**
 * Split streaming Markdown into top-level blocks at blank lines, never inside a code fence and
 * never before an indented or list line (which may continue the block above).
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let blank = false;
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      const continues = /^\s|^([-*+]|\d+[.)])\s/.test(line);
      if (blank && line.trim() && !continues && current.length) {
        blocks.push(current.join('\n'));
        current = [];
      }
      if (marker) fence = marker;
    } else if (marker && marker[0] === fence[0] && marker.length >= fence.length) {
      fence = undefined;
    }
    blank = fence === undefined && !line.trim();
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
}

const count = (text: string, token: string) => text.split(token).length - 1;

/**
 * Whether rendering `text` block by block gives what rendering it whole gives: no footnotes or
 * link definitions (they reach across blocks) and no display math open across a blank line.
 */
export function rendersByBlocks(text: string): boolean {
  if (/\[\^|^ {0,3}\[[^\]]+\]:/m.test(text)) return false;
  return markdownBlocks(text).every(
    (block) => count(block, '$$') % 2 === 0 && count(block, '\\[') === count(block, '\\]'),
  );
}

/**
 * A reply by blocks: each block keeps its rendering while later ones arrive. While `streaming`,
 * the last block is the one parsed again per chunk, and is drawn plain until it is finished.
 */
export function StreamingMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  const blocks = markdownBlocks(text);
  return (
    <div className={MARKDOWN_FRAME}>
      {blocks.map((block, index) => (
        <MarkdownContent
          key={index}
          text={block}
          draft={streaming && index === blocks.length - 1}
        />
      ))}
    </div>
  );
}
