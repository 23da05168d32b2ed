'use client';
import { useRef, useState, type ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';

function CodeBlock({ children }: { children?: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(ref.current?.innerText ?? '');
    setCopied(true);
    setTimeout(() => setCopied(false), 1_500);
  };
  return (
    <div className="relative my-3">
      <button
        type="button"
        onClick={() => void copy()}
        className="absolute top-2 right-2 rounded bg-zinc-700 px-2 py-0.5 text-xs text-zinc-100 hover:bg-zinc-600"
        aria-label={copied ? 'Copied' : 'Copy code'}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <pre
        ref={ref}
        className="overflow-x-auto rounded-lg bg-zinc-900 p-4 pt-8 text-sm text-zinc-100"
      >
        {children}
      </pre>
    </div>
  );
}

/**
 * An image in a reply, as a link the reader may choose to open. Loaded inline, its URL would be
 * a request the model chose: a prompt-injected reply could carry the conversation off in it.
 */
function ImageLink({ src, alt }: { src?: unknown; alt?: string }) {
  const href = typeof src === 'string' ? src : '';
  if (!href) return <span>{alt}</span>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      title={alt || href}
      className="underline"
    >
      Remote image (click to open){alt ? `: ${alt}` : ''}
    </a>
  );
}

/** A reply's Markdown, with highlighted code blocks (offline: highlight.js) and a copy button. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose-chat break-words">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeHighlight, { detect: true, ignoreMissing: true }]]}
        components={{
          pre: CodeBlock,
          a: (props) => <a {...props} target="_blank" rel="noreferrer noopener" />,
          img: ({ src, alt }) => <ImageLink src={src} alt={alt} />,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
