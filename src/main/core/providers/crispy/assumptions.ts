/**
 * The guesses of ./assumed.ts as checks the connection doctor runs over a read-only trace
 * (../../doctor): each expects the FIRST alias of ASSUMED_FIELDS, so a live shape that the
 * adapter still reads through another alias shows up as contradicted, and one edit to
 * assumed.ts corrects it.
 */
import { answers, fieldAt, isBoolean, isCursor, isInteger, isList, isString, isTime, itemField, needsWrite, topField, type Assumption } from '../../doctor/assumption';
import { PROBE_CONVERSATIONS, PROBE_MESSAGES } from '../../doctor/probes';
import { ASSUMED_FIELDS, ASSUMED_TOOL_ARGS } from './assumed';

const F = ASSUMED_FIELDS;
const CONVERSATIONS = [F.conversationList[0]];
const MESSAGES = [F.messageList[0]];

/** The conversation-id argument of get_messages is one of ASSUMED_TOOL_ARGS.conversationId. */
const toolArgs: Assumption['check'] = (trace) => {
  const tools = trace.flatMap((e) => e.tools ?? []);
  if (tools.length === 0) return { verdict: 'not seen', evidence: 'no tools/list answer' };
  const names = tools.map((t) => t.name);
  const missing = ['list_conversations', 'get_messages', 'send_message'].filter((n) => !names.includes(n));
  if (missing.length > 0) return { verdict: 'contradicted', evidence: `tools/list has no ${missing.join(', ')}` };
  const args = tools.find((t) => t.name === 'get_messages')!.args;
  const known: readonly string[] = ASSUMED_TOOL_ARGS.conversationId;
  const id = args.find((a) => known.includes(a));
  return id
    ? { verdict: 'confirmed', evidence: `get_messages takes ${args.join(', ')}` }
    : { verdict: 'contradicted', evidence: `get_messages takes ${args.join(', ') || 'no arguments'}; none is a conversation id the adapter knows` };
};

export const CRISPY_ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'crispy.tools',
    doc: 'tools/list offers list_conversations, get_messages and send_message, and get_messages takes a conversation id argument the adapter knows.',
    check: toolArgs,
  },
  {
    id: 'crispy.conversation-list',
    doc: `list_conversations → \`{ ${F.conversationList[0]}: [...], ${F.nextCursor[0]} }\`, each conversation with \`${F.conversation.id[0]}\`.`,
    check: itemField(PROBE_CONVERSATIONS, CONVERSATIONS, [F.conversation.id[0]], isString, 'a string'),
  },
  {
    id: 'crispy.next-cursor',
    doc: `Paging is \`cursor\` → \`${F.nextCursor[0]}\`; null, empty or missing = last page.`,
    check: (trace) => {
      const body = answers(trace, PROBE_CONVERSATIONS)[0];
      if (body && fieldAt(body, [F.nextCursor[0]]) === undefined && fieldAt(body, [F.hasMore[0]])?.type === 'boolean') {
        return { verdict: 'contradicted', evidence: `no ${F.nextCursor[0]}, but ${F.hasMore[0]}` };
      }
      return topField(PROBE_CONVERSATIONS, [F.nextCursor[0]], isCursor, 'a string or null')(trace);
    },
  },
  {
    id: 'crispy.unread',
    doc: `How unread is represented (boolean vs count) is unconfirmed: read as \`${F.conversation.unread[0]}\`, a count.`,
    check: itemField(PROBE_CONVERSATIONS, CONVERSATIONS, [F.conversation.unread[0]], isInteger, 'an integer'),
  },
  {
    id: 'crispy.your-turn',
    doc: `list_conversations exposes "whose turn" flags (field name unconfirmed): read as \`${F.conversation.yourTurn[0]}\`.`,
    check: itemField(PROBE_CONVERSATIONS, CONVERSATIONS, [F.conversation.yourTurn[0]], isBoolean, 'a boolean'),
  },
  {
    id: 'crispy.participants',
    doc: `The other people are a list in \`${F.conversation.participants[0]}\` (shape unconfirmed).`,
    check: itemField(PROBE_CONVERSATIONS, CONVERSATIONS, [F.conversation.participants[0]], isList, 'a list'),
  },
  {
    id: 'crispy.message-fields',
    doc: `get_messages → \`{ ${F.messageList[0]}: [...] }\`, each message with \`${F.message.text[0]}\`.`,
    check: itemField(PROBE_MESSAGES, MESSAGES, [F.message.text[0]], isString, 'a string'),
  },
  {
    id: 'crispy.message-time',
    doc: `Message times are \`${F.message.sentAt[0]}\`, ISO strings or epoch seconds / milliseconds.`,
    check: itemField(PROBE_MESSAGES, MESSAGES, [F.message.sentAt[0]], isTime, 'an ISO date or an epoch number'),
  },
  {
    id: 'crispy.from-me',
    doc: `Our own messages are flagged \`${F.message.fromMe[0]}\`.`,
    check: itemField(PROBE_MESSAGES, MESSAGES, [F.message.fromMe[0]], isBoolean, 'a boolean'),
  },
  {
    id: 'crispy.sent-message',
    doc: `send_message → \`{ ${F.sentMessage[0]}: {...} }\`.`,
    check: needsWrite('the answer to send_message'),
  },
];
