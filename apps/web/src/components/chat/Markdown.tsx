'use client';
import 'katex/dist/katex.min.css';
import { memo, type ComponentProps } from 'react';
import ReactMarkdown, { type Components, type ExtraProps, type Options } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { CodeBlock } from './CodeBlock';
import { normaliseMathDelimiters } from './mathDelimiters';

/**
 * An image in a reply, as a link the reader may choose to open. Loaded inline, its URL would be
 * a request the model chose: a prompt-injected reply could carry the conversation off in it.
 */
function ImageLink({ src, alt }: ComponentProps<'img'> & ExtraProps) {
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

/**
 * Links open in a new tab, except jumps within the reply (footnotes). A link whose address was
 * removed as unsafe (`javascript:`...) arrives with an empty href: it is plain text, since an
 * empty href would open a copy of the chat.
 */
function Link({ href, children, node: _node, ...rest }: ComponentProps<'a'> & ExtraProps) {
  if (!href) return <span className="md-removed-link">{children}</span>;
  if (href.startsWith('#'))
    return (
      <a href={href} {...rest}>
        {children}
      </a>
    );
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" {...rest}>
      {children}
    </a>
  );
}

/** GFM task-list boxes are read-only; the label tells a screen reader what the tick means. */
function Input({ node: _node, ...props }: ComponentProps<'input'> & ExtraProps) {
  if (props.type !== 'checkbox') return <input {...props} />;
  return <input {...props} aria-label={props.checked ? 'Done' : 'Not done'} />;
}

/** Wide tables scroll on their own, inside a focusable frame a keyboard can scroll. */
function Table({ node: _node, ...props }: ComponentProps<'table'> & ExtraProps) {
  return (
    <div className="md-table" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

// Built once: the reply list renders many of these, and new arrays or maps would re-run work.
const remarkPlugins: Options['remarkPlugins'] = [remarkGfm, remarkMath];
// rehype-highlight makes a highlighter (37 grammars, each compiled on first use) per call, and
// react-markdown calls it on every render: one, made on first use, serves every render.
// Untagged code blocks are not highlighted: highlight.js's guesses are often wrong.
let highlighter: ReturnType<typeof rehypeHighlight> | undefined;
function highlightCode() {
  highlighter ??= rehypeHighlight({ detect: false });
  return highlighter;
}
// KaTeX before highlight.js, which would otherwise see math as code of an unknown language.
const rehypePlugins: Options['rehypePlugins'] = [
  [rehypeKatex, { strict: 'ignore', throwOnError: false }],
  highlightCode,
];
// A block still being written is parsed again per chunk: no KaTeX, no highlighting until it ends.
const draftRehypePlugins: Options['rehypePlugins'] = [];
const components: Components = {
  pre: CodeBlock,
  a: Link,
  img: ImageLink,
  input: Input,
  table: Table,
};

/**
 * Markdown without its frame, so a reply rendered block by block is one frame of blocks.
 * `draft`: the block is still streaming; rendered plain, it is rendered in full once it ends.
 */
export const MarkdownContent = memo(function MarkdownContent({
  text,
  draft = false,
}: {
  text: string;
  draft?: boolean;
}) {
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={draft ? draftRehypePlugins : rehypePlugins}
      components={components}
    >
      {normaliseMathDelimiters(text)}
    </ReactMarkdown>
  );
});

/** The frame every rendering of a reply's Markdown sits in. */
export const MARKDOWN_FRAME = 'prose-chat break-words';

/** A reply's Markdown: GFM, KaTeX math, highlighted code blocks with a copy button. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className={MARKDOWN_FRAME}>
      <MarkdownContent text={text} />
    </div>
  );
});
