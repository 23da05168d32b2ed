'use client';
import { useRef, type ComponentProps } from 'react';
import type { ExtraProps } from 'react-markdown';
import { CopyButton } from './CopyButton';

/** The fence's tag (```ts -> "ts"), or undefined for an untagged block: no guessing. */
function languageOf(node: ExtraProps['node']): string | undefined {
  const code = node?.children.find((child) => child.type === 'element' && child.tagName === 'code');
  if (code?.type !== 'element') return undefined;
  const classes = code.properties.className;
  const names = Array.isArray(classes) ? classes : [];
  const tag = names.find((name) => typeof name === 'string' && name.startsWith('language-'));
  return typeof tag === 'string' ? tag.slice('language-'.length) : undefined;
}

/** A fenced code block: one frame with a bar (language, copy button) over the code. */
export function CodeBlock({ node, children }: ComponentProps<'pre'> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  const language = languageOf(node);
  return (
    <div className="md-code">
      <div className="md-code-bar">
        <span className="md-code-language">{language ?? 'text'}</span>
        <CopyButton
          text={() => pre.current?.innerText ?? ''}
          label={language ? `Copy ${language} code` : 'Copy code'}
          className="md-code-copy"
        />
      </div>
      {/* Focusable, so a keyboard can scroll a long line into view. */}
      <pre ref={pre} tabIndex={0}>
        {children}
      </pre>
    </div>
  );
}
