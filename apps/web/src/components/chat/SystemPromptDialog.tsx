'use client';
import { InlineEdit } from '../InlineEdit';
import { ModalDialog } from '../ModalDialog';

/** A modal editor for a chat's system prompt; Escape or Cancel closes it unchanged. */
export function SystemPromptDialog(props: {
  open: boolean;
  value: string;
  maxLength: number;
  onSave: (systemPrompt: string) => void;
  onClose: () => void;
}) {
  return (
    <ModalDialog open={props.open} title="System prompt" onClose={props.onClose}>
      <InlineEdit
        label="Instructions the model follows in this chat"
        showLabel
        initialValue={props.value}
        multiline
        allowEmpty
        rows={6}
        maxLength={props.maxLength}
        className="flex flex-col gap-4"
        onCancel={props.onClose}
        onSave={props.onSave}
      />
    </ModalDialog>
  );
}
