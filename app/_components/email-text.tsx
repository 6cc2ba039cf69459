// A plain-text email body: escaped by React, web and mail addresses made into links, quoted
// text of replies (">" lines and the "On … wrote:" line above them) collapsed.
import { Fragment } from 'react';

const LINK = /\b(https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}])|\b(mailto:[^\s<>"'`]+)/gi;

function Linkified({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const i = m.index ?? 0;
    if (i > last) parts.push(text.slice(last, i));
    parts.push(
      <a
        key={i}
        href={m[0]}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-indigo-700 underline break-all"
      >
        {m[0]}
      </a>,
    );
    last = i + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

type Block = { quoted: boolean; lines: string[] };

export function splitQuoted(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const quoted =
      /^\s*>/.test(line) ||
      (/^(On\s.+wrote:|Am\s.+schrieb.*:|Le\s.+a écrit\s?:|-----\s?Original Message\s?-----)\s*$/i.test(line.trim()) &&
        /^\s*>|^\s*$/.test(lines[i + 1] ?? '>'));
    const prev = blocks.at(-1);
    if (prev && prev.quoted === quoted) prev.lines.push(line);
    else if (prev?.quoted && /^\s*$/.test(line)) prev.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return blocks;
}

export function EmailText({ text }: { text: string }) {
  return (
    <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-900">
      {splitQuoted(text).map((block, i) =>
        block.quoted ? (
          <details key={i} className="my-1">
            <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-700">Show quoted text</summary>
            <div className="border-l-2 border-slate-300 pl-3 text-slate-600">
              <Linkified text={block.lines.join('\n')} />
            </div>
          </details>
        ) : (
          <Fragment key={i}>
            <Linkified text={block.lines.join('\n').replace(/\n+$/, '')} />
            {'\n'}
          </Fragment>
        ),
      )}
    </div>
  );
}
