'use client';
import type { ConversationMessage } from '@chatbot/client';
import { useCallback, useRef } from 'react';
import type { MessageActions } from './MessageItem';

/**
 * Each message's actions as one object that stays the same while what it offers does, so a
 * memoised MessageItem does not re-render when another message streams. The callbacks read
 * the latest handlers through a ref.
 */
export function useMessageActions(options: {
  busy: boolean;
  lastAssistantId: string | undefined;
  regenerate: (messageId: string) => void;
  edit: (messageId: string, content: string) => void;
  switchTo: (messageId: string) => void;
  remove: (messageId: string) => void;
}): (message: ConversationMessage) => MessageActions {
  const latest = useRef(options);
  latest.current = options;
  const cache = useRef(new Map<string, { key: string; actions: MessageActions }>());
  const { busy, lastAssistantId } = options;

  return useCallback(
    (message: ConversationMessage) => {
      const canRegenerate = message.id === lastAssistantId;
      const key = `${busy}|${canRegenerate}|${message.role}|${message.siblingIds?.join(',')}`;
      const held = cache.current.get(message.id);
      if (held?.key === key) return held.actions;
      const actions: MessageActions = {
        busy,
        onRegenerate: canRegenerate ? () => latest.current.regenerate(message.id) : undefined,
        onEdit:
          message.role === 'user'
            ? (content: string) => latest.current.edit(message.id, content)
            : undefined,
        onSwitch: (messageId: string) => latest.current.switchTo(messageId),
        onDelete: () => latest.current.remove(message.id),
      };
      cache.current.set(message.id, { key, actions });
      return actions;
    },
    [busy, lastAssistantId],
  );
}
