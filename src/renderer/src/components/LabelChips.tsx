/** Label chips: a calm colour per label, the same in the list, the thread and the pickers. */
import type { ConversationSummary } from '../../../shared/domain';

type ChipLabel = ConversationSummary['labels'][number];

/** Sorted by name, so chips keep their places whatever order the core lists them in. */
export function sortedLabels(labels: readonly ChipLabel[]): ChipLabel[] {
  return [...labels].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export function LabelDot({ color }: { color: string }) {
  return <span className="label-dot" data-label-color={color} aria-hidden="true" />;
}

export function LabelChip({ label }: { label: ChipLabel }) {
  return (
    <span className="label-chip" data-label-color={label.color} data-label-id={label.id} title={`Label: ${label.name}`}>
      {label.name}
    </span>
  );
}

/** Up to `max` chips, then "+n" for the rest (all of them in its tooltip). */
export function LabelChips({ labels, max = 3 }: { labels: readonly ChipLabel[]; max?: number }) {
  if (labels.length === 0) return null;
  const sorted = sortedLabels(labels);
  const shown = sorted.slice(0, max);
  const rest = sorted.slice(max);
  return (
    <span className="label-chips" aria-label={`Labels: ${sorted.map((l) => l.name).join(', ')}`}>
      {shown.map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
      {rest.length > 0 && (
        <span className="label-chip label-chip--more" title={rest.map((l) => l.name).join(', ')}>
          +{rest.length}
        </span>
      )}
    </span>
  );
}
