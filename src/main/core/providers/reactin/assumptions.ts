/**
 * What the ReactIn adapter assumes beyond what reactin.md confirms, as checks the connection
 * doctor runs over a read-only trace (../../doctor). One entry per unconfirmed note.
 */
import { isCursor, isInteger, isList, isString, isTime, itemField, needsWrite, topField, type Assumption } from '../../doctor/assumption';
import { PROBE_CONVERSATIONS, PROBE_MESSAGES } from '../../doctor/probes';

export const REACTIN_ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'reactin.list-items',
    doc: 'GET /{org}/conversations answers `{ items: [...], nextCursor }`, each conversation with an `id`.',
    check: itemField(PROBE_CONVERSATIONS, ['items'], ['id'], (s) => isString(s) || s.type === 'number', 'a string or number id'),
  },
  {
    id: 'reactin.paging',
    doc: 'Paging is `?cursor=` → `nextCursor` (a string; null or missing on the last page).',
    check: topField(PROBE_CONVERSATIONS, ['nextCursor'], isCursor, 'a string or null'),
  },
  {
    id: 'reactin.participants',
    doc: 'Each conversation lists the other people in `participantsToDisplay`.',
    check: itemField(PROBE_CONVERSATIONS, ['items'], ['participantsToDisplay'], isList, 'a list'),
  },
  {
    id: 'reactin.unread-count',
    doc: '`unreadCount` is an integer per conversation.',
    check: itemField(PROBE_CONVERSATIONS, ['items'], ['unreadCount'], isInteger, 'an integer'),
  },
  {
    id: 'reactin.timestamp',
    doc: 'Timestamp format — ISO vs epoch — unconfirmed: `timestamp` is an ISO string or an epoch number.',
    check: itemField(PROBE_MESSAGES, ['items'], ['timestamp'], isTime, 'an ISO date or an epoch number'),
  },
  {
    id: 'reactin.message-user-id',
    doc: 'Each message names its author in `userId` (said to share one id space with participantsToDisplay[].id — unconfirmed).',
    check: itemField(PROBE_MESSAGES, ['items'], ['userId'], (s) => isString(s) || s.type === 'number', 'a string or number id'),
  },
  {
    id: 'reactin.send-answer',
    doc: 'The POST that sends a message answers with the stored message (unconfirmed).',
    check: needsWrite('the answer to a send'),
  },
];
