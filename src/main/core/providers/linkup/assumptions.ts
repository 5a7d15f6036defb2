/**
 * What the Linkup adapter assumes beyond what linkup.md confirms, as checks the connection
 * doctor runs over a read-only trace (../../doctor).
 */
import { isBoolean, isCursor, isList, isString, isTime, itemField, needsWrite, topField, type Assumption } from '../../doctor/assumption';
import { PROBE_CONVERSATIONS, PROBE_MESSAGES } from '../../doctor/probes';

export const LINKUP_ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'linkup.envelope',
    doc: 'Every answer is an envelope `{ success, data, metadata }`.',
    check: topField(PROBE_CONVERSATIONS, ['success'], isBoolean, 'a boolean'),
  },
  {
    id: 'linkup.inbox-list',
    doc: '`list_inbox` answers `data.conversations`, each with a `conversation_id` string.',
    check: itemField(PROBE_CONVERSATIONS, ['data', 'conversations'], ['conversation_id'], isString, 'a string'),
  },
  {
    id: 'linkup.next-cursor',
    doc: 'Paging: `data.next_cursor` (unconfirmed for v2; null or missing on the last page).',
    check: topField(PROBE_CONVERSATIONS, ['data', 'next_cursor'], (s) => isCursor(s) || s.type === 'number', 'a string, number or null'),
  },
  {
    id: 'linkup.messages-list',
    doc: '`get_conversation` answers `data.messages`, each with a sender and a time.',
    check: itemField(PROBE_MESSAGES, ['data', 'messages'], ['sender'], isString, 'a string (the sender\'s name)'),
  },
  {
    id: 'linkup.last-message-is-me',
    doc: 'A conversation\'s `last_message.sender.is_me` tells our messages from theirs (ASSUMED for group threads).',
    check: itemField(PROBE_CONVERSATIONS, ['data', 'conversations'], ['last_message', 'sender', 'is_me'], isBoolean, 'a boolean'),
  },
  {
    id: 'linkup.participant',
    doc: 'Each conversation names the other person in `participant` (one object).',
    check: itemField(PROBE_CONVERSATIONS, ['data', 'conversations'], ['participant'], (s) => s.type === 'object' || isList(s), 'an object'),
  },
  {
    id: 'linkup.time',
    doc: 'Message times are ISO strings or epoch numbers.',
    check: itemField(PROBE_MESSAGES, ['data', 'messages'], ['timestamp'], isTime, 'an ISO date or an epoch number'),
  },
  {
    id: 'linkup.send-answer',
    doc: 'The `send` action answers with `entityUrn` and `deliveredAt`.',
    check: needsWrite('the answer to a send'),
  },
];
