/**
 * An adapter's assumptions about a provider, as checks over the doctor's trace: each says
 * confirmed, contradicted or not seen, with a line of evidence made only of field names and
 * types. Adapters export their lists next to their assumed / unconfirmed notes.
 */
import type { TraceEntry } from './recorder';
import { describeShape, type Shape } from './shape';

export type Verdict = 'confirmed' | 'contradicted' | 'not seen';

export interface AssumptionResult {
  verdict: Verdict;
  /** Field names, types and statuses only. */
  evidence: string;
}

export interface Assumption {
  id: string;
  /** The sentence of the provider notes this checks. */
  doc: string;
  check(trace: readonly TraceEntry[]): AssumptionResult;
}

/** The successful JSON answers of one probe (for MCP: the tool calls only, unwrapped to the tool's payload). */
export function answers(trace: readonly TraceEntry[], probe: string): Shape[] {
  return trace
    .filter((e) => e.probe === probe && e.status !== null && e.status >= 200 && e.status < 300 && e.body !== null)
    .filter((e) => !isMcpHousekeeping(e.body!))
    .map((e) => toolPayload(e.body!));
}

/** A JSON-RPC answer that is no tool result (initialize, tools/list): not an answer of the probe's endpoint. */
function isMcpHousekeeping(shape: Shape): boolean {
  if (shape.type !== 'object' || !('jsonrpc' in shape.fields)) return false;
  const result = shape.fields.result;
  return result?.type !== 'object' || !('content' in result.fields || 'structuredContent' in result.fields);
}

/** An MCP tool result's payload: its structuredContent, or the JSON in its first text block; other bodies as they are. */
export function toolPayload(shape: Shape): Shape {
  const result = shape.type === 'object' ? shape.fields.result : undefined;
  if (!result || result.type !== 'object' || shape.type !== 'object' || !('jsonrpc' in shape.fields)) return shape;
  const structured = result.fields.structuredContent;
  if (structured && structured.type !== 'null') return structured;
  const content = result.fields.content;
  if (content?.type === 'array') {
    for (const item of content.items) {
      const text = item.type === 'object' ? item.fields.text : undefined;
      if (text?.type === 'json-text') return text.inner;
    }
  }
  return result;
}

/** The shape at `path` (array steps go into the first item's shape); undefined when a step is missing. */
export function fieldAt(shape: Shape | undefined, path: readonly string[]): Shape | undefined {
  let at = shape;
  for (const step of path) {
    while (at?.type === 'array') at = at.items[0];
    if (at?.type !== 'object') return undefined;
    at = at.fields[step];
  }
  return at;
}

/** Whether an answer is an array with at least one item (so item fields can be judged). */
export function hasItems(shape: Shape | undefined): boolean {
  return shape?.type === 'array' && shape.count > 0 && shape.items.length > 0;
}

/**
 * The usual check: in the answers of `probe`, the list at `listPath` has items whose field `field`
 * satisfies `ok`. Not seen without answers or items; contradicted when the list or field is missing or of another type.
 */
export function itemField(probe: string, listPath: readonly string[], field: readonly string[], ok: (s: Shape) => boolean, expected: string): Assumption['check'] {
  return (trace) => {
    const bodies = answers(trace, probe);
    if (bodies.length === 0) return { verdict: 'not seen', evidence: `no successful answer to "${probe}"` };
    for (const body of bodies) {
      const list = listPath.length === 0 ? body : fieldAt(body, listPath);
      const name = listPath.join('.') || 'the answer';
      if (list?.type !== 'array') return { verdict: 'contradicted', evidence: `${name} is ${list ? describeShape(list).slice(0, 200) : 'missing'}; expected a list. The answer: ${describeShape(body).slice(0, 400)}` };
      if (!hasItems(list)) continue;
      const value = fieldAt(list, field);
      const where = `${name}[].${field.join('.')}`;
      if (value === undefined) return { verdict: 'contradicted', evidence: `${where} is missing; expected ${expected}. Items have: ${describeShape(list.items[0]!).slice(0, 400)}` };
      if (!ok(value)) return { verdict: 'contradicted', evidence: `${where} is ${describeShape(value).slice(0, 200)}; expected ${expected}` };
      return { verdict: 'confirmed', evidence: `${where} is ${describeShape(value).slice(0, 200)}` };
    }
    return { verdict: 'not seen', evidence: `"${probe}" answered with no items` };
  };
}

/** The check that a top-level field of the answers of `probe` is present and satisfies `ok`. */
export function topField(probe: string, path: readonly string[], ok: (s: Shape) => boolean, expected: string): Assumption['check'] {
  return (trace) => {
    const bodies = answers(trace, probe);
    if (bodies.length === 0) return { verdict: 'not seen', evidence: `no successful answer to "${probe}"` };
    const value = fieldAt(bodies[0], path);
    const where = path.join('.');
    if (value === undefined) return { verdict: 'contradicted', evidence: `${where} is missing; expected ${expected}. The answer: ${describeShape(bodies[0]!).slice(0, 400)}` };
    if (!ok(value)) return { verdict: 'contradicted', evidence: `${where} is ${describeShape(value).slice(0, 200)}; expected ${expected}` };
    return { verdict: 'confirmed', evidence: `${where} is ${describeShape(value).slice(0, 200)}` };
  };
}

/** An assumption the doctor cannot test without writing (a send's answer): always not seen. */
export function needsWrite(what: string): Assumption['check'] {
  return () => ({ verdict: 'not seen', evidence: `${what}: the doctor only reads, so this is never probed` });
}

export const isString = (s: Shape): boolean => s.type === 'string';
export const isInteger = (s: Shape): boolean => s.type === 'number' && s.integer;
export const isBoolean = (s: Shape): boolean => s.type === 'boolean';
export const isList = (s: Shape): boolean => s.type === 'array';
export const isTime = (s: Shape): boolean => s.type === 'number' || (s.type === 'string' && (s.chars === 'iso-date' || s.chars === 'digits'));
export const isCursor = (s: Shape): boolean => s.type === 'null' || s.type === 'string';
