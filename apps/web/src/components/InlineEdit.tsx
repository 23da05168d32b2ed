'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

const fieldClass =
  'w-full rounded border border-zinc-300 bg-white text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/**
 * A text box that edits one value in place. Enter saves (Shift+Enter is a new line when
 * `multiline`), Escape cancels. One line saves on blur; `multiline` has Cancel and Save buttons
 * instead. The text is trimmed; an empty text cancels unless `allowEmpty`.
 * The caller closes the editor from `onSave` and `onCancel`. If `onSave` rejects, the editor
 * stays open for another try.
 * A one-line box stops at `maxLength`; a `multiline` text over it is refused with a message and
 * never cut (a pasted prompt would otherwise lose its end without a word).
 */
export function InlineEdit(props: {
  label: string;
  onSave: (value: string) => void | Promise<void>;
  onCancel: () => void;
  initialValue?: string;
  multiline?: boolean;
  /** The button text that saves a `multiline` edit. */
  saveLabel?: string;
  /** Shows `label` above the box instead of only naming it for assistive technology. */
  showLabel?: boolean;
  allowEmpty?: boolean;
  maxLength?: number;
  rows?: number;
  placeholder?: string;
  className?: string;
}) {
  const { multiline = false, label } = props;
  const [value, setValue] = useState(props.initialValue ?? '');
  const [saving, setSaving] = useState(false);
  // Typed as both so the one ref fits whichever element is rendered.
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  // Closing the editor removes a focused box, and disabling it while saving blurs it: that blur
  // must not save again (or save after Escape).
  const finished = useRef(false);
  const limitId = useId();
  const tooLong = multiline && props.maxLength !== undefined && value.length > props.maxLength;

  useEffect(() => {
    const box = field.current;
    if (!box) return;
    box.focus();
    if (multiline) box.setSelectionRange(box.value.length, box.value.length);
    else box.select();
  }, [multiline]);

  function cancel() {
    if (finished.current) return;
    finished.current = true;
    props.onCancel();
  }

  async function save() {
    if (finished.current || tooLong) return;
    const text = value.trim();
    if (!text && !props.allowEmpty) return cancel();
    finished.current = true;
    setSaving(true);
    try {
      await props.onSave(text);
    } catch (error) {
      finished.current = false;
      setSaving(false);
      throw error;
    }
  }

  function onFieldKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    if (multiline && event.shiftKey) return;
    event.preventDefault();
    void save();
  }

  function onEscape(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    // Escape elsewhere stops a streaming reply or closes a dialog; here it only cancels the edit.
    event.preventDefault();
    event.stopPropagation();
    cancel();
  }

  const fieldProps = {
    ref: field,
    value,
    onChange: (event: { target: { value: string } }) => setValue(event.target.value),
    onKeyDown: onFieldKeyDown,
    disabled: saving,
    maxLength: multiline ? undefined : props.maxLength,
    'aria-invalid': tooLong || undefined,
    'aria-describedby': tooLong ? limitId : undefined,
    placeholder: props.placeholder,
    'aria-label': props.showLabel ? undefined : label,
  };
  const box = multiline ? (
    <textarea {...fieldProps} rows={props.rows ?? 3} className={`${fieldClass} p-2`} />
  ) : (
    <input {...fieldProps} onBlur={() => void save()} className={`${fieldClass} px-2 py-1`} />
  );

  return (
    <form
      className={props.className}
      onKeyDown={onEscape}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {props.showLabel ? (
        <label className="flex flex-col gap-1 text-sm">
          {label}
          {box}
        </label>
      ) : (
        box
      )}
      {tooLong && (
        <p id={limitId} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {value.length.toLocaleString()} / {props.maxLength!.toLocaleString()} characters — too
          long to save: remove {(value.length - props.maxLength!).toLocaleString()}
        </p>
      )}
      {multiline && (
        <div className="flex justify-end gap-2 text-sm">
          <button
            type="button"
            disabled={saving}
            onClick={cancel}
            className="rounded px-3 py-1 underline"
          >
            Cancel
          </button>
          <button
            type="submit"
            disabled={saving || tooLong}
            className="rounded border border-zinc-300 bg-white px-3 py-1 font-medium text-zinc-900 disabled:opacity-50"
          >
            {props.saveLabel ?? 'Save'}
          </button>
        </div>
      )}
    </form>
  );
}
