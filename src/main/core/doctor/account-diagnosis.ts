/**
 * The connection doctor as the app offers it (Settings → account → Diagnose): a report for a
 * saved account, and saving it as Markdown through the export-file port.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Account } from '../../../shared/domain';
import type { AccountDiagnosis } from '../../../shared/ipc';
import { AppError, invalidInput } from '../errors';
import type { ProviderContext } from '../providers/types';
import { diagnose } from './doctor';
import { reportMarkdown } from './report';

/** Runs the doctor for a saved account and summarises its verdicts. */
export async function runAccountDiagnosis(ctx: ProviderContext): Promise<AccountDiagnosis> {
  const { account } = ctx;
  if (account.provider === 'demo') throw invalidInput(`'${account.name}' is the demo account: it has no provider connection to diagnose.`);
  const report = await diagnose(ctx);
  const count = (v: string) => report.assumptions.filter((a) => a.verdict === v).length;
  return { accountId: account.id, markdown: reportMarkdown(report), confirmed: count('confirmed'), contradicted: count('contradicted'), notSeen: count('not seen') };
}

/** The suggested file name of a saved report, e.g. `connection-report-reactin-2026-12-07.md`. */
export function diagnosisFileName(account: Account, now: number): string {
  return `connection-report-${account.provider}-${new Date(now).toISOString().slice(0, 10)}.md`;
}

/** Writes the account's last report where the person chooses; null when they cancel. */
export async function saveLastDiagnosis(
  diagnosis: AccountDiagnosis | undefined,
  account: Account,
  choose: ((suggestedName: string) => Promise<string | null>) | undefined,
  now: number,
): Promise<string | null> {
  if (!diagnosis) throw invalidInput(`There is no report for '${account.name}' yet — press Diagnose first.`);
  if (!choose) throw new AppError('not-ready', 'This copy of the app cannot ask where to save a file, so the report was not saved — copy it instead.');
  const path = await choose(diagnosisFileName(account, now));
  if (path === null) return null;
  if (typeof path !== 'string' || !isAbsolute(path)) throw invalidInput('Choose a folder and a file name for the report.');
  try {
    await writeFile(path, diagnosis.markdown, 'utf8');
  } catch {
    throw new AppError('storage', `The report could not be written to ${path} — choose another folder, or copy it instead.`);
  }
  return path;
}
