import type { IntervalUnit } from './models';

/** A subscription's or pre-authorization's interval as a phrase: 1 month → "month", 2 weeks → "2 weeks" (after "every" or "per"). */
export function intervalPhrase(length: number, unit: IntervalUnit): string {
  return length === 1 ? unit : `${length} ${unit}s`;
}
