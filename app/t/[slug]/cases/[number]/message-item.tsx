// One entry of a case's history: an email in or out, a note, or a system event.
import Link from 'next/link';
import { EmailFrame } from '@/app/_components/email-frame';
import { EmailText } from '@/app/_components/email-text';
import { formatDate } from '@/app/_components/format-date';
import type { CaseMessageView } from '@/lib/cases/queries/load-case-messages';
import { renderStoredHtml, storedHtmlShowsCid } from '@/lib/mail/render-stored-html';
import { emailFrameDocument } from '@/lib/mail/sanitize-html';
import { RetryButton, UndoSendButton } from './case-controls';
import { SenderAuthBadge } from '@/app/_components/sender-auth-badge';
import { DisplayText, displayString, HEADING_TEXT_MAX, LIST_TEXT_MAX } from '@/app/_components/display-text';

type Props = {
  slug: string;
  number: number;
  message: CaseMessageView;
  authorLabel: string | null;
  appOrigin: string;
  showImages: boolean;
  showImagesHref: string;
  inlineImageUrl: (attachmentId: string) => string;
  /** The signed-in agent wrote this queued reply: it can still be withdrawn ("Undo send"). */
  canUndo?: boolean;
};

const delivery: Record<string, { label: string; className: string }> = {
  queued: { label: 'Queued', className: 'bg-slate-100 text-slate-700' },
  sending: { label: 'Sending…', className: 'bg-sky-50 text-sky-800' },
  sent: { label: 'Sent', className: 'bg-emerald-50 text-emerald-800' },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-800' },
  'not-sent': { label: 'Not sent', className: 'bg-slate-100 text-slate-700' },
  skipped: { label: 'Not sent', className: 'bg-slate-100 text-slate-700' },
};

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function MessageItem({
  slug,
  number,
  message: m,
  authorLabel,
  appOrigin,
  showImages,
  showImagesHref,
  inlineImageUrl,
  canUndo = false,
}: Props) {
  const when = formatDate(new Date(m.sentAt ?? m.createdAt));
  if (m.direction === 'system') {
    return (
      <li id={`m-${m.id}`} data-testid="history-entry" data-direction="system" className="flex justify-center">
        <p className="max-w-prose rounded-full bg-slate-100 px-3 py-1 text-center text-xs text-slate-600">
          {m.text ?? m.systemKind} <span className="text-slate-400">· {when}</span>
        </p>
      </li>
    );
  }

  // The body as stored at ingestion (sanitized HTML or text blocks, capped): nothing is sanitized
  // or pattern-matched here, so a hostile body costs every render the same as a short one.
  const d = m.display;
  let body: React.ReactNode = null;
  let blocked = 0;
  if (m.direction === 'in' && d?.html) {
    const cids = new Map(
      m.attachments.filter((a) => a.contentId).map((a) => [a.contentId!.replace(/^<|>$/g, ''), a.id]),
    );
    const html = renderStoredHtml(d.html, {
      remoteImages: showImages,
      cidUrl: (cid) => {
        const id = cids.get(cid);
        return id ? inlineImageUrl(id) : null;
      },
    });
    blocked = showImages ? 0 : d.blockedRemoteImages;
    body = (
      <EmailFrame
        title={`Message from ${displayString(m.fromName || m.from || 'unknown sender', LIST_TEXT_MAX)}`}
        document={emailFrameDocument(html, { appOrigin, remoteImages: showImages })}
        height={d.frameHeight}
      />
    );
  } else if (d?.text) {
    body = <EmailText blocks={d.text} />;
  } else if (!d) {
    body = (
      <p className="text-sm italic text-slate-500" data-testid="body-pending">
        This message is being prepared for display; use &ldquo;View original&rdquo; to read it now.
      </p>
    );
  } else {
    body = <p className="text-sm italic text-slate-500">(no text)</p>;
  }

  const styles = { in: 'bg-white', out: 'bg-indigo-50/60 ring-indigo-100', note: 'bg-amber-50 ring-amber-200' }[
    m.direction
  ];
  const label = {
    in: m.fromName ? (
      <>
        <DisplayText text={m.fromName} max={LIST_TEXT_MAX} /> &lt;{m.from}&gt;
      </>
    ) : (
      (m.from ?? 'Unknown sender')
    ),
    out: m.systemKind?.startsWith('acknowledgement')
      ? 'Acknowledgement'
      : `${/^fwd:/i.test(m.subject ?? '') ? 'Forward' : 'Reply'}${authorLabel ? ` by ${authorLabel}` : ''}`,
    note: `Internal note${authorLabel ? ` by ${authorLabel}` : ''}`,
  }[m.direction];
  const status = m.direction === 'out' && m.deliveryStatus ? delivery[m.deliveryStatus] : undefined;
  const originalHref = `/t/${slug}/cases/${number}/original/${m.id}`;
  const files = m.attachments.filter(
    (a) => !(a.inline && a.contentId && storedHtmlShowsCid(d?.html, a.contentId.replace(/^<|>$/g, ''))),
  );

  return (
    <li
      id={`m-${m.id}`}
      data-testid="history-entry"
      data-direction={m.direction}
      className={`rounded-lg p-4 shadow-sm ring-1 ring-slate-200 ${styles}`}
    >
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="min-w-0 break-words font-medium text-slate-900">
          {label}
          {m.direction === 'in' && m.senderAuth ? (
            <>
              {' '}
              <SenderAuthBadge auth={m.senderAuth} />
            </>
          ) : null}
        </p>
        <p className="text-xs text-slate-500">{when}</p>
      </header>
      {m.direction !== 'note' && m.subject ? (
        <p className="mb-2 break-words text-sm text-slate-700">
          <DisplayText text={m.subject} max={HEADING_TEXT_MAX} />
        </p>
      ) : null}
      {(m.direction === 'out' || m.direction === 'in') && (m.to.length || m.cc.length) ? (
        <p className="mb-2 break-words text-xs text-slate-600" data-testid="message-recipients">
          {m.to.length ? <>To {addressList(m.to)}</> : null}
          {m.to.length && m.cc.length ? ' · ' : null}
          {m.cc.length ? <span data-testid="message-cc">Cc {addressList(m.cc)}</span> : null}
        </p>
      ) : null}
      {blocked > 0 ? (
        <p className="mb-2 flex flex-wrap items-center gap-2 rounded bg-slate-50 px-2 py-1 text-xs text-slate-700">
          {blocked} remote image{blocked === 1 ? ' was' : 's were'} blocked to protect your privacy.
          <Link
            href={showImagesHref}
            scroll={false}
            className="font-medium text-indigo-700 underline"
            data-testid="show-images"
          >
            Show images
          </Link>
        </p>
      ) : null}
      {body}
      {d?.truncated ? (
        <p className="mt-2 text-xs text-slate-600" data-testid="body-truncated">
          This message is long: only its beginning is shown.{' '}
          {m.rawMessageId ? <ViewOriginalLink href={originalHref} className="underline" /> : null}
        </p>
      ) : null}
      {files.length ? (
        <ul className="mt-3 flex flex-wrap gap-2" aria-label="Attachments">
          {files.map((a) => (
            <li key={a.id}>
              <a
                href={`/t/${slug}/attachments/${a.id}`}
                download
                className="inline-flex max-w-xs items-center gap-1 rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 hover:bg-slate-50"
                data-testid="attachment-link"
              >
                <span aria-hidden>📎</span>
                <span className="truncate" title={displayString(a.filename)}>
                  <DisplayText text={a.filename} max={LIST_TEXT_MAX} />
                </span>
                <span className="text-slate-500">({formatSize(a.size)})</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <footer className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        {status ? (
          <span
            className={`rounded px-1.5 py-0.5 font-medium ${status.className}`}
            data-testid="delivery-status"
            data-status={m.deliveryStatus}
          >
            {status.label}
            {m.deliveryStatus === 'failed' && m.deliveryError ? `: ${m.deliveryError}` : ''}
            {(m.deliveryStatus === 'not-sent' || m.deliveryStatus === 'skipped') && m.deliveryError
              ? ` (${m.deliveryError})`
              : ''}
          </span>
        ) : null}
        {m.direction === 'out' && m.deliveryStatus === 'failed' && !m.systemKind ? (
          <RetryButton slug={slug} number={number} messageId={m.id} />
        ) : null}
        {canUndo && m.direction === 'out' && m.deliveryStatus === 'queued' && !m.systemKind ? (
          <UndoSendButton slug={slug} number={number} messageId={m.id} />
        ) : null}
        {m.rawMessageId ? (
          <ViewOriginalLink href={originalHref} className="text-slate-500 underline hover:text-slate-700" />
        ) : null}
      </footer>
    </li>
  );
}

/** "View original": the raw message as text, in a new tab (under a cut-short body, and in the footer). */
function ViewOriginalLink({ href, className }: { href: string; className: string }) {
  return (
    <a href={href} target="_blank" rel="noopener" className={className}>
      View original
    </a>
  );
}

/** "Ana Lima <ana@x.example>, bo@y.example": names as text, cleaned like every name from email. */
function addressList(list: CaseMessageView['to']) {
  return list.map((a, i) => (
    <span key={`${a.address}-${i}`}>
      {i > 0 ? ', ' : null}
      {a.name ? (
        <>
          <DisplayText text={a.name} max={LIST_TEXT_MAX} /> &lt;{a.address}&gt;
        </>
      ) : (
        a.address
      )}
    </span>
  ));
}
