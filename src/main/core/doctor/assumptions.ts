/** Every adapter's assumption list, by provider kind (the demo account assumes nothing). */
import type { ProviderKind } from '../../../shared/domain';
import { CONNECTSAFELY_ASSUMPTIONS } from '../providers/connectsafely/assumptions';
import { CRISPY_ASSUMPTIONS } from '../providers/crispy/assumptions';
import { LINKUP_ASSUMPTIONS } from '../providers/linkup/assumptions';
import { REACTIN_ASSUMPTIONS } from '../providers/reactin/assumptions';
import type { Assumption } from './assumption';

/** The assumptions the adapter of `kind` makes, for the doctor to judge. */
export function assumptionsFor(kind: ProviderKind): readonly Assumption[] {
  switch (kind) {
    case 'reactin':
      return REACTIN_ASSUMPTIONS;
    case 'linkup':
      return LINKUP_ASSUMPTIONS;
    case 'connectsafely':
      return CONNECTSAFELY_ASSUMPTIONS;
    case 'crispy':
      return CRISPY_ASSUMPTIONS;
    default:
      return [];
  }
}
