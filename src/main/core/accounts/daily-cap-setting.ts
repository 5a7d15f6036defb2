/** The per-account daily message cap setting (ConnectSafely): checked where account settings are. */
import { CONNECTSAFELY_DAILY_CAP, type AccountConfig, type ProviderKind } from '../../../shared/domain';
import { invalidInput } from '../errors';

/** Throws 'invalid-input' with a sentence when the account's daily message cap is not usable. */
export function checkDailyCapSetting(provider: ProviderKind, config: AccountConfig): void {
  const raw = config.messagesPerDay;
  if (raw === undefined) return;
  if (provider !== 'connectsafely') throw invalidInput('Only ConnectSafely accounts have a daily message cap setting; leave it empty.');
  const { min, max } = CONNECTSAFELY_DAILY_CAP;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidInput(
      `The messages a day for this account must be a whole number from ${min} to ${max} (ConnectSafely's cookbook says 100 a day, its API page 150); "${raw}" is not. Leave it empty for ${CONNECTSAFELY_DAILY_CAP.default}.`,
    );
  }
}

/** The account's daily message cap: its setting when valid, else the default. */
export function dailyMessageCap(config: AccountConfig): number {
  const n = Number(config.messagesPerDay);
  const { min, max } = CONNECTSAFELY_DAILY_CAP;
  return Number.isInteger(n) && n >= min && n <= max ? n : CONNECTSAFELY_DAILY_CAP.default;
}
