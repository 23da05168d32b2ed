'use client';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * The chat area as a drop target: while files are dragged over it a visible zone says what a
 * drop does; dropped files go to `onFiles`. Text or links dragged around are left alone.
 */
export function DropZone(props: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the drag left.
  const depth = useRef(0);

  const enter = (event: DragEvent) => {
    if (!carriesFiles(event) || props.disabled) return;
    event.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const leave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };

  return (
    <div
      data-testid="chat-drop-zone"
      className="relative flex min-h-0 flex-1 flex-col"
      onDragEnter={enter}
      onDragLeave={leave}
      onDragOver={(event) => {
        if (!carriesFiles(event) || props.disabled) return;
        // Without this the browser opens the file instead of dropping it here.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(event) => {
        depth.current = 0;
        setOver(false);
        if (!carriesFiles(event) || props.disabled) return;
        event.preventDefault();
        const files = [...event.dataTransfer.files];
        if (files.length > 0) props.onFiles(files);
      }}
    >
      {props.children}
      {over && (
        <div
          data-testid="drop-overlay"
          className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-2xl border-2 border-dashed border-zinc-500 bg-white/85 text-lg font-medium text-zinc-900 dark:bg-zinc-950/85 dark:text-zinc-100"
        >
          Drop files to attach them
        </div>
      )}
    </div>
  );
}
