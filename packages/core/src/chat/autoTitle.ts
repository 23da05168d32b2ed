import type { ResolvedModel } from '@chatbot/ai';

const MAX_TITLE_LENGTH = 80;

/** The first words of the user's message, as a title. */
export function titleFromText(text: string, maxWords = 6): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, maxWords).join(' ');
  const title =
    words.length > MAX_TITLE_LENGTH ? `${words.slice(0, MAX_TITLE_LENGTH - 1)}…` : words;
  return title || 'New chat';
}

function cleanTitle(raw: string): string {
  const firstLine = raw.trim().split('\n')[0] ?? '';
  return firstLine
    .replace(/^title:\s*/i, '')
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
