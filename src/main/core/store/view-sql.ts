/**
 * The views of src/shared/views.ts as SQL conditions on a conversation row aliased `c`: what
 * lists, counts and search filters select with, from the same rules the renderer evaluates.
 */
import type { ViewCondition, ViewRule } from '../../../shared/views';

/** Binds a value into the statement being written and returns its placeholder. */
export type Bind = (value: string) => string;

/** One condition as SQL on `c`. */
export function conditionSql(condition: ViewCondition, bind: Bind): string {
  switch (condition.field) {
    case 'archived':
      return `c.archived_at IS ${condition.is ? 'NOT ' : ''}NULL`;
    case 'snoozed':
      return `c.snoozed_until IS ${condition.is ? 'NOT ' : ''}NULL`;
    case 'lastFromMe':
      return `c.last_from_me = ${condition.is ? 1 : 0}`;
    case 'unread':
      return condition.is ? 'c.unread_count > 0' : 'NOT (c.unread_count > 0)';
    case 'account':
      return `c.account_id = ${bind(condition.id)}`;
    case 'scheduled':
      // From the small partial index outbox_scheduled (migration 14).
      return `${condition.is ? '' : 'NOT '}EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id AND o.send_at IS NOT NULL AND o.status IN ('pending', 'inflight'))`;
    case 'label':
      return `EXISTS (SELECT 1 FROM conversation_labels cl WHERE cl.conversation_id = c.id AND cl.label_id = ${bind(condition.id)})`;
    case 'followUp':
      return `${condition.is ? '' : 'NOT '}EXISTS (SELECT 1 FROM follow_ups fu WHERE fu.conversation_id = c.id)`;
  }
}

/** A whole rule as SQL on `c` (every condition); `1 = 1` for a rule without conditions. */
export function ruleSql(rule: ViewRule, bind: Bind): string {
  return rule.length === 0 ? '1 = 1' : rule.map((c) => `(${conditionSql(c, bind)})`).join(' AND ');
}

/** A rule as SQL with positional `?` parameters, and the values in their order. */
export function positionalRuleSql(rule: ViewRule): { sql: string; params: string[] } {
  const params: string[] = [];
  const sql = ruleSql(rule, (v) => {
    params.push(v);
    return '?';
  });
  return { sql, params };
}
