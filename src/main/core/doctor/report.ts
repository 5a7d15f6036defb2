/**
 * The doctor's report as Markdown a person can read and send us. Everything in it comes from
 * the shape-only trace (./recorder.ts): field names, types, statuses and selected headers.
 */
import { PROVIDER_LABELS } from '../../../shared/domain';
import type { DoctorReport } from './doctor';
import { describeShape } from './shape';

const VERDICT_MARK = { confirmed: '✅ confirmed', contradicted: '❌ contradicted', 'not seen': '➖ not seen' } as const;

/** The report as Markdown. */
export function reportMarkdown(report: DoctorReport): string {
  const lines: string[] = [];
  lines.push(`# Connection report: ${PROVIDER_LABELS[report.provider]}`, '');
  lines.push(`Run at ${report.ranAt}. Read-only: nothing was sent, archived, labelled or marked.`);
  lines.push('This report holds statuses, selected headers, field names and types only — no key, no message text, no name.', '');
  const count = (v: string) => report.assumptions.filter((a) => a.verdict === v).length;
  lines.push('## Assumptions', '');
  lines.push(`${count('confirmed')} confirmed, ${count('contradicted')} contradicted, ${count('not seen')} not seen.`, '');
  lines.push('| Verdict | Assumption | What the doctor saw |', '| --- | --- | --- |');
  for (const a of report.assumptions) lines.push(`| ${VERDICT_MARK[a.verdict]} | \`${a.id}\`: ${cell(a.doc)} | ${cell(a.evidence)} |`);
  lines.push('', '## Probes', '');
  for (const p of report.probes) {
    const detail = p.ok
      ? `ok, ${p.items ?? 0} item(s) read; next page token: ${p.nextCursor ? describeShape(p.nextCursor) : 'none'}`
      : `failed (${p.error?.kind ?? 'unknown'}${p.error?.status !== undefined ? `, HTTP ${p.error.status}` : ''})`;
    lines.push(`- **${p.probe}**: ${detail}`);
  }
  lines.push('', '## Exchanges', '');
  for (const e of report.trace) {
    const query = e.query.length > 0 ? `?${e.query.join('&')}` : '';
    const op = e.operation ? ` (${e.operation})` : '';
    lines.push(`### ${e.probe}: ${e.method} ${e.path}${query}${op} → ${e.status ?? `no answer (${e.failure ?? 'unknown'})`}`, '');
    const headers = Object.entries(e.headers);
    if (headers.length > 0) lines.push(`- headers: ${headers.map(([k, v]) => `\`${k}: ${v}\``).join(', ')}`);
    if (e.requestBody) lines.push(`- request body: \`${describeShape(e.requestBody)}\``);
    if (e.tools) lines.push(`- tools: ${e.tools.map((t) => `\`${t.name}(${t.args.join(', ')})\``).join(', ')}`);
    lines.push(`- answer (${e.bodyKind}): ${e.body ? `\`${describeShape(e.body)}\`` : '—'}`, '');
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
