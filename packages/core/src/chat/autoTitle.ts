import type { ResolvedModel } from '@chatbot/ai';

const MAX_TITLE_LENGTH = 80;

/**
 * One line of Markdown as plain text: block markers (`#`, `>`, list and task markers, code
 * fences) and inline syntax (emphasis, code, links, images) go, their words stay. A title is
 * shown as text everywhere (sidebar, tab, export), where `## **Trip**` would be noise.
 */
export function plainTextLine(line: string): string {
  let text = line.trim().replace(/^(`{3,}|~{3,})[\w+-]*\s*|(`{3,}|~{3,})$/g, '');
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(
      /^(?:#{1,6}(?=\s|$)|>|[-*+](?=\s)|\d{1,9}[.)](?=\s)|\[[ xX]\](?=\s))\s*/,
      '',
    );
  }
  return text
    .replace(/\s+#+$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(`+)(.+?)\1/g, '$2')
    .replace(/(\*\*|\*|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w\\])(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)/g, '$2')
    .trim();
}

/** The first words of the user's message, as a title. */
export function titleFromText(text: string, maxWords = 6): string {
  const plain = text.split('\n').map(plainTextLine).join(' ');
  const words = plain.replace(/\s+/g, ' ').trim().split(' ').slice(0, maxWords).join(' ');
  const title =
    words.length > MAX_TITLE_LENGTH ? `${words.slice(0, MAX_TITLE_LENGTH - 1)}…` : words;
  return title || 'New chat';
}

function cleanTitle(raw: string): string {
  const firstLine = raw.split('\n').map(plainTextLine).find(Boolean) ?? '';
  return plainTextLine(firstLine.replace(/^title:\s*/i, ''))
    .replace(/^["'“”‘’*#\s]+|["'“”‘’*.\s]+$/g, '')
    .slice(0, MAX_TITLE_LENGTH)
    .trim();
}

/**
 * A short title for a conversation after its first exchange: asked of the model, or the first
 * words of the user's message when the model is the echo model or cannot answer.
 */
export async function generateTitle(
  resolved: ResolvedModel,
  userText: string,
  reply: string,
  signal?: AbortSignal,
) {
  if (resolved.provider.name === 'echo') return titleFromText(userText);
  try {
    const { text } = await resolved.provider.complete({
      model: resolved.model,
      signal,
      messages: [
        {
          role: 'system',
          content:
            'Write a short title (at most 6 words) for this conversation. Reply with the title only, no quotes.',
        },
        { role: 'user', content: userText.slice(0, 2_000) },
        { role: 'assistant', content: reply.slice(0, 2_000) },
      ],
    });
    return cleanTitle(text) || titleFromText(userText);
  } catch {
    return titleFromText(userText);
  }
}
