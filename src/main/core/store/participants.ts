/**
 * Writing a conversation's participants as sync lists them. Only what changed is written: the
 * message index files each message under its sender's participant row (db/sender-index.ts), so
 * rewriting an unchanged row on every sync would re-index every message that person sent.
 */
import type { Db } from '../db/database';
import { personKeySql } from '../db/migrations';
import type { RemoteParticipant } from '../providers/types';

/** What sync writes of a participant besides its conversation and id. */
const FIELDS = ['position', 'name', 'headline', 'company', 'avatar_url', 'profile_url', 'person_key'];
const COLUMNS = FIELDS.join(', ');
/** The same from the row `v`; the person key (migration 13) is worked out with the row, as migration 13 reads it. */
const FROM_V = FIELDS.map((f) => (f === 'person_key' ? personKeySql('v') : `v.${f}`)).join(', ');
/** The same as an upsert proposed them. */
const PROPOSED = FIELDS.map((f) => `excluded.${f}`).join(', ');

/** The participants of `conversationId` become `participants`, in that order (the first of a repeated id counts). */
export function writeParticipants(db: Db, conversationId: string, participants: RemoteParticipant[]): void {
  const first = participants.flatMap((p, i) => (participants.findIndex((q) => q.remoteId === p.remoteId) === i ? [{ p, i }] : []));
  db.prepare('DELETE FROM participants WHERE conversation_id = ? AND remote_id NOT IN (SELECT value FROM json_each(?))').run(
    conversationId,
    JSON.stringify(first.map(({ p }) => p.remoteId)),
  );
  const upsert = db.prepare(
    `INSERT INTO participants (conversation_id, remote_id, ${COLUMNS}) SELECT v.conversation_id, v.remote_id, ${FROM_V}
     FROM (SELECT ? AS conversation_id, ? AS remote_id, ? AS position, ? AS name, ? AS headline, ? AS company, ? AS avatar_url, ? AS profile_url) v WHERE true
     ON CONFLICT (conversation_id, remote_id) DO UPDATE SET (${COLUMNS}) = (${PROPOSED}) WHERE (${COLUMNS}) IS NOT (${PROPOSED})`,
  );
  for (const { p, i } of first) upsert.run(conversationId, p.remoteId, i, p.name, p.headline, p.company, p.avatarUrl, p.profileUrl);
}
