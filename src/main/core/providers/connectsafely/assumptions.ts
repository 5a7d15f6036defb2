/**
 * What the ConnectSafely adapter assumes beyond what connectsafely.md confirms (the new list
 * endpoint's fields are taken from the deprecated recent-messages sample), as checks the
 * connection doctor runs over a read-only trace (../../doctor).
 */
import { isBoolean, isCursor, isInteger, isList, isString, isTime, itemField, needsWrite, topField, type Assumption } from '../../doctor/assumption';
import { PROBE_CONVERSATIONS, PROBE_MESSAGES } from '../../doctor/probes';

export const CONNECTSAFELY_ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'connectsafely.list',
    doc: 'GET /conversations answers `{ conversations: [...], nextCursor, hasMore }`, each with a `conversationUrn`.',
    check: itemField(PROBE_CONVERSATIONS, ['conversations'], ['conversationUrn'], isString, 'a string'),
  },
  {
    id: 'connectsafely.next-cursor',
    doc: 'Paging is `nextCursor` (unconfirmed for the new endpoint).',
    check: topField(PROBE_CONVERSATIONS, ['nextCursor'], isCursor, 'a string or null'),
  },
  {
    id: 'connectsafely.has-more',
    doc: '`hasMore: false` ends paging.',
    check: topField(PROBE_CONVERSATIONS, ['hasMore'], isBoolean, 'a boolean'),
  },
  {
    id: 'connectsafely.unread-count',
    doc: '`unreadCount` is an integer per conversation.',
    check: itemField(PROBE_CONVERSATIONS, ['conversations'], ['unreadCount'], isInteger, 'an integer'),
  },
  {
    id: 'connectsafely.participants',
    doc: 'Each conversation lists `participants` with a `profileId`.',
    check: itemField(PROBE_CONVERSATIONS, ['conversations'], ['participants'], isList, 'a list'),
  },
  {
    id: 'connectsafely.message-time',
    doc: 'Messages carry `sentAt` (ISO or epoch).',
    check: itemField(PROBE_MESSAGES, ['messages'], ['sentAt'], isTime, 'an ISO date or an epoch number'),
  },
  {
    id: 'connectsafely.send-by-urn',
    doc: 'Whether `conversationUrn` alone (without a recipient id) is accepted for a send is unconfirmed.',
    check: needsWrite('a send'),
  },
];
