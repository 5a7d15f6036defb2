/** The answer of a connection test or a refused save: green with the message, or red with the provider's sentence. */
export interface VerdictState {
  ok: boolean;
  message: string;
}

export function Verdict({ verdict }: { verdict: VerdictState | null }) {
  if (!verdict) return null;
  return verdict.ok ? (
    <p className="verdict verdict--ok" role="status" data-verdict="ok">
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{verdict.message}</span>
    </p>
  ) : (
    <p className="verdict verdict--fail" role="alert" data-verdict="fail">
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <path d="M8 4.5v4.5M8 11.5v.01" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span>{verdict.message}</span>
    </p>
  );
}

/** After a request, a button that was disabled meanwhile may have dropped the focus to the page: put it back. */
export function keepFocusIn(fallback: HTMLElement | null): void {
  const active = document.activeElement;
  if (active && active !== document.body) return;
  fallback?.focus();
}
