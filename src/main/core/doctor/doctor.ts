/**
 * The connection doctor: a read-only probe of the endpoints an account's adapter uses, through
 * the adapter's own request functions (so it exercises the same paths, headers and paging), with
 * every exchange recorded as shapes only (./recorder.ts), and the adapter's assumptions judged
 * against what came back. It never sends, archives, labels or marks anything.
 */
import type { ProviderKind } from '../../../shared/domain';
import { AppError } from '../errors';
import { createProvider } from '../providers/registry';
import type { ProviderContext, RemoteConversation } from '../providers/types';
import type { Assumption, Verdict } from './assumption';
import { assumptionsFor } from './assumptions';
import { TraceRecorder, type TraceEntry } from './recorder';
import { shapeOf, type Shape } from './shape';

import { PROBE_CONVERSATIONS, PROBE_MESSAGES, PROBE_NEXT_PAGE } from './probes';

export interface ProbeOutcome {
  probe: string;
  ok: boolean;
  /** Items the adapter could read from the answer. */
  items?: number;
  /** The next page's token, by shape (null = last page). */
  nextCursor?: Shape;
  /** Why the probe failed: the error kind and status, never the words. */
  error?: { kind: string; status?: number };
}

export interface AssumptionVerdict {
  id: string;
  doc: string;
  verdict: Verdict;
  evidence: string;
}

export interface DoctorReport {
  provider: ProviderKind;
  /** ISO time of the run. */
  ranAt: string;
  probes: ProbeOutcome[];
  trace: TraceEntry[];
  assumptions: AssumptionVerdict[];
}

/** Page size of the probes: small, so a real account spends little of its budget or credits. */
const PROBE_PAGE = 3;

/** Runs the read-only probes for the account of `ctx` and judges its adapter's assumptions. */
export async function diagnose(ctx: ProviderContext, assumptions: readonly Assumption[] = assumptionsFor(ctx.account.provider)): Promise<DoctorReport> {
  const recorder = new TraceRecorder();
  for (const [key, value] of Object.entries(ctx.account.config)) {
    if (typeof value === 'string' && key !== 'baseUrl') recorder.redact(value, key);
  }
  // Error sentences quote nothing the server wrote; the report keeps only their kind anyway.
  const provider = createProvider({ ...ctx, dispatcher: recorder.wrap(ctx.dispatcher), quoteServerText: false });
  const probes: ProbeOutcome[] = [];
  const limit = Math.min(PROBE_PAGE, provider.maxPageSize);

  recorder.probe = PROBE_CONVERSATIONS;
  let conversations: RemoteConversation[] = [];
  let cursor: string | null = null;
  await probe(probes, PROBE_CONVERSATIONS, async () => {
    const page = await provider.listConversations({ limit });
    conversations = page.items;
    cursor = page.nextCursor;
    return { items: page.items.length, nextCursor: shapeOf(page.nextCursor) };
  });
  for (const c of conversations) {
    recorder.redact(c.remoteId, 'conversation');
    for (const p of c.participants) recorder.redact(p.remoteId, 'person');
  }
  if (cursor !== null) {
    const next: string = cursor;
    recorder.probe = PROBE_NEXT_PAGE;
    await probe(probes, PROBE_NEXT_PAGE, async () => {
      const page = await provider.listConversations({ limit, cursor: next });
      return { items: page.items.length, nextCursor: shapeOf(page.nextCursor) };
    });
  }
  const first = conversations[0];
  if (first) {
    recorder.probe = PROBE_MESSAGES;
    await probe(probes, PROBE_MESSAGES, async () => {
      const page = await provider.listMessages(first.remoteId, { limit });
      return { items: page.items.length, nextCursor: shapeOf(page.nextCursor) };
    });
  }
  const trace = recorder.entries;
  return {
    provider: ctx.account.provider,
    ranAt: new Date(ctx.clock.now()).toISOString(),
    probes,
    trace,
    assumptions: assumptions.map((a) => ({ id: a.id, doc: a.doc, ...judge(a, trace) })),
  };
}

async function probe(out: ProbeOutcome[], name: string, run: () => Promise<Omit<ProbeOutcome, 'probe' | 'ok'>>): Promise<void> {
  try {
    out.push({ probe: name, ok: true, ...(await run()) });
  } catch (err) {
    const error = err instanceof AppError ? { kind: err.code, status: err.status ?? undefined } : { kind: 'unexpected' };
    out.push({ probe: name, ok: false, error });
  }
}

function judge(a: Assumption, trace: readonly TraceEntry[]): { verdict: Verdict; evidence: string } {
  try {
    return a.check(trace);
  } catch {
    return { verdict: 'not seen', evidence: 'the check could not read the trace' };
  }
}
