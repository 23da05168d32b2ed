'use client';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useCallback, useRef, type ComponentProps, type ReactNode } from 'react';

/**
 * Dropdown menus on Radix: placed inside the viewport, closed by Escape or a click outside,
 * moved through with the arrow keys, focus back on the trigger when closed.
 */
export function Menu(props: ComponentProps<typeof DropdownMenu.Root>) {
  // Not modal: a modal menu hides the rest of the page with aria-hidden while its trigger keeps
  // the focus, which axe rightly reports (aria-hidden-focus). An outside click still closes it.
  return <DropdownMenu.Root modal={false} {...props} />;
}
export const MenuTrigger = DropdownMenu.Trigger;
export const MenuRadioGroup = DropdownMenu.RadioGroup;

const surface =
  'z-50 min-w-48 max-w-[calc(100vw-16px)] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-1 text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
const item =
  'flex w-full cursor-default items-center gap-2 rounded px-3 py-1.5 text-left text-sm outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800';

export function MenuContent({ children, ...props }: ComponentProps<typeof DropdownMenu.Content>) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content
        align="end"
        sideOffset={4}
        collisionPadding={8}
        className={`${surface} max-h-[var(--radix-dropdown-menu-content-available-height)]`}
        {...props}
      >
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}

export function MenuItem({
  danger = false,
  ...props
}: ComponentProps<typeof DropdownMenu.Item> & { danger?: boolean }) {
  return (
    <DropdownMenu.Item
      className={`${item} ${danger ? 'text-red-700 dark:text-red-400' : ''}`}
      {...props}
    />
  );
}

export function MenuRadioItem({
  children,
  ...props
}: ComponentProps<typeof DropdownMenu.RadioItem>) {
  return (
    <DropdownMenu.RadioItem className={`${item} pl-7 relative`} {...props}>
      <DropdownMenu.ItemIndicator className="absolute left-2" aria-hidden="true">
        ✓
      </DropdownMenu.ItemIndicator>
      {children}
    </DropdownMenu.RadioItem>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return (
    <DropdownMenu.Label className="px-3 pt-1.5 pb-0.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
      {children}
    </DropdownMenu.Label>
  );
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />;
}

/** The "⋯" button that opens a row's options (a chat's, a group's). */
export const optionsTriggerClass =
  'rounded px-2 py-1 text-zinc-600 hover:text-zinc-900 data-[state=open]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=open]:text-zinc-100';

/**
 * Items whose action must wait until the menu has closed. An inline editor (Rename) takes the
 * focus, and the menu must not pull it back to the trigger; a dialog (Delete) opens from the
 * trigger, so closing the dialog returns there. Give `trigger` to the MenuTrigger and
 * `onCloseAutoFocus` to the MenuContent; call `afterClose(action, …)` from an item's onSelect.
 */
export function useAfterMenuClose() {
  const pending = useRef<{ action: () => void; keepFocus: boolean } | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const afterClose = useCallback(
    (action: () => void, { keepFocus }: { keepFocus: boolean }) =>
      (pending.current = { action, keepFocus }),
    [],
  );
  const onCloseAutoFocus = useCallback((event: Event) => {
    const next = pending.current;
    pending.current = null;
    if (!next) return;
    event.preventDefault();
    if (!next.keepFocus) trigger.current?.focus();
    next.action();
  }, []);
  return { trigger, onCloseAutoFocus, afterClose };
}
