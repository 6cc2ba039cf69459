// A plain-text email body as stored at ingestion (lib/mail/split-quoted-text.ts): escaped by React,
// links made clickable, quoted text of replies collapsed. Nothing is pattern-matched here: the
// blocks and links were found once, in the message worker pool.
import { Fragment } from 'react';
import type { TextBlock, TextPart } from '@/lib/mail/split-quoted-text';

function Parts({ parts }: { parts: TextPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.link ? (
          <a
            key={i}
            href={p.link}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-indigo-700 underline break-all"
          >
            {p.text}
          </a>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

export function EmailText({ blocks }: { blocks: TextBlock[] }) {
  return (
    <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-900">
      {blocks.map((block, i) =>
        block.quoted ? (
          <details key={i} className="my-1">
            <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-700">Show quoted text</summary>
            <div className="border-l-2 border-slate-300 pl-3 text-slate-600">
              <Parts parts={block.parts} />
            </div>
          </details>
        ) : (
          <Fragment key={i}>
            <Parts parts={block.parts} />
            {'\n'}
          </Fragment>
        ),
      )}
    </div>
  );
}
