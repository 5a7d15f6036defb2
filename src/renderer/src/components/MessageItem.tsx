/** One message: mine on the right in the accent colour, theirs on the left; my undelivered ones say so. */
import type { Message } from '../../../shared/domain';
import { exactTime, messageTime } from '../format';

export function MessageItem({ message: m, now }: { message: Message; now: number }) {
  const side = m.fromMe ? 'mine' : 'theirs';
  return (
    <li className={`message message--${side} message--${m.status}`} data-message-id={m.id} data-status={m.status}>
      <div className="bubble">{m.text}</div>
      <div className="message-meta">
        {!m.fromMe && <span className="message-sender">{m.senderName} · </span>}
        <time dateTime={new Date(m.sentAt).toISOString()} title={exactTime(m.sentAt)}>
          {messageTime(m.sentAt, now)}
        </time>
        {m.status === 'pending' && <span className="message-status"> · Sending…</span>}
        {m.status === 'failed' && (
          <span className="message-status message-status--failed" role="alert">
            {' '}
            · Not sent: {m.error ?? 'delivery failed.'}
          </span>
        )}
      </div>
    </li>
  );
}
