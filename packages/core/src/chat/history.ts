import { estimateTokens, type ChatTurn } from '@chatbot/ai';

interface StoredTurn {
  role: 'user' | 'assistant' | 'system';
  content: string;
  status: string;
  /** The message id, kept on the turns that reach the model (their files are loaded after). */
  id?: string;
}

/**
 * What the model sees: the session's system prompt, then as many of the latest turns as fit the
 * token budget (always at least the last one). Failed or empty replies are left out.
 */
export function buildHistory(
  systemPrompt: string | null,
  turns: StoredTurn[],
  tokenBudget: number,
): (ChatTurn & { id?: string })[] {
  // A user turn with no text carries files (nothing else may be sent empty): it stays.
  const usable = turns.filter((turn) =>
    turn.role === 'assistant'
      ? turn.content.trim() !== '' && turn.status !== 'error'
      : turn.role === 'user' || turn.content.trim() !== '',
  );
  let budget = tokenBudget - (systemPrompt ? estimateTokens(systemPrompt) : 0);
  const kept: (ChatTurn & { id?: string })[] = [];
  for (let index = usable.length - 1; index >= 0; index -= 1) {
    const turn = usable[index]!;
    const cost = estimateTokens(turn.content);
    if (kept.length > 0 && cost > budget) break;
    kept.unshift({ role: turn.role, content: turn.content, ...(turn.id ? { id: turn.id } : {}) });
    budget -= cost;
  }
  return systemPrompt ? [{ role: 'system', content: systemPrompt }, ...kept] : kept;
}
