const FENCE = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})/;
/** What may stand before `\[` on its line for the math to be a block of its own. */
const BLOCK_PREFIX = /^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?$/;

/**
 * LaTeX's `\(...\)` and `\[...\]` as remark-math's `$...$` and `$$...$$` (models write both;
 * in Markdown `\(` is only an escaped parenthesis). Code blocks and code spans are left as they
 * are, and so is an escaped backslash (`\\(`).
 */
export function normaliseMathDelimiters(markdown: string): string {
  if (!/\\[([]|\$/.test(markdown)) return markdown;
  const out: string[] = [];
  let prose: string[] = [];
  let fence: { char: string; length: number } | undefined;
  const flushProse = () => {
    if (prose.length > 0) out.push(convertProse(prose.join('\n')));
    prose = [];
  };
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (marker && marker[0] === fence.char && marker.length >= fence.length) fence = undefined;
    } else if (marker) {
      flushProse();
      out.push(line);
      fence = { char: marker[0]!, length: marker.length };
    } else {
      prose.push(line);
    }
  }
  flushProse();
  return out.join('\n');
}

/**
 * Text outside fenced code: converts delimiters, skipping code spans, and escapes a lone `$`
 * that does not open math by Pandoc's rule, so "$5 and $10" stays prose (remark-math would
 * set " and " as a formula).
 */
function convertProse(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '`') {
      const run = runAt(text, index, '`');
      const close = findClosingRun(text, index + run, run);
      const end = close === -1 ? index + run : close + run;
      result += text.slice(index, end);
      index = end;
    } else if (char === '$') {
      const run = runAt(text, index, '$');
      const close = run === 1 ? inlineMathEnd(text, index) : -1;
      if (run === 1 && close === -1) {
        result += '\\$';
        index += 1;
      } else {
        const end = run === 1 ? close + 1 : index + run;
        result += text.slice(index, end);
        index = end;
      }
    } else if (char === '\\' && (text[index + 1] === '(' || text[index + 1] === '[')) {
      const display = text[index + 1] === '[';
      const closing = display ? '\\]' : '\\)';
      const close = text.indexOf(closing, index + 2);
      const body = close === -1 ? '' : text.slice(index + 2, close);
      if (!body.trim() || body.includes('`')) {
        result += text.slice(index, index + 2);
        index += 2;
        continue;
      }
      result += display ? displayMath(result, body, text.slice(close + 2)) : `$${body.trim()}$`;
      index = close + 2;
    } else if (char === '\\') {
      // An escape pair (`\\`, `\$`...) stays whole, so `\\(` is not an opening delimiter.
      result += text.slice(index, index + 2);
      index += 2;
    } else {
      result += char;
      index += 1;
    }
  }
  return result;
}

function runAt(text: string, index: number, char: string): number {
  let end = index;
  while (text[end] === char) end += 1;
  return end - index;
}

/**
 * Where the `$` at `open` closes, or -1 when it opens no math: Pandoc's rule, the opening `$`
 * followed by a non-space, the next lone `$` in the paragraph preceded by a non-space and not
 * followed by a digit.
 */
function inlineMathEnd(text: string, open: number): number {
  if (!/\S/.test(text[open + 1] ?? ' ')) return -1;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '\n' && /^\n[ \t>]*\n/.test(text.slice(index, index + 80))) return -1;
    else if (char === '$') {
      if (text[index + 1] === '$') return -1;
      return /\s/.test(text[index - 1]!) || /\d/.test(text[index + 1] ?? '') ? -1 : index;
    }
  }
  return -1;
}

function findClosingRun(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

/**
 * `$$` math is a display block only on lines of its own: when `\[` opens its line (after any
 * quote or list marker), the fences get lines of their own, with that line's quote markers
 * repeated so the block stays inside the quote. Mid-sentence it stays inline.
 */
function displayMath(before: string, body: string, after: string): string {
  const lineStart = before.slice(before.lastIndexOf('\n') + 1);
  if (!BLOCK_PREFIX.test(lineStart)) return `$$${body.trim()}$$`;
  const quote = /^(?:[ \t]*>)*/.exec(lineStart)![0];
  const indent = `${quote}${' '.repeat(lineStart.length - quote.length)}`;
  const opensLine = /^[ \t]*\n/.test(body);
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  const closesLine = body.includes('\n') && /^(?:[ \t]*>)*[ \t]*$/.test(lastLine);
  const restOfLine = after.split('\n', 1)[0]!;
  return [
    '$$',
    opensLine ? body.replace(/^[ \t]*/, '') : `\n${indent}${body.replace(/^[ \t]+/, '')}`,
    closesLine ? '' : `\n${indent}`,
    '$$',
    restOfLine.trim() ? `\n${indent}` : '',
  ].join('');
}
