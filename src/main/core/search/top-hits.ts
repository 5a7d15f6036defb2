/** The hits a search keeps while its plans read matches newest first. */
import type { FoundHit } from './sql';

/** The best `limit` hits so far: newest first, ties by conversation id, as the SQL plans order them. */
export class TopHits {
  readonly hits: FoundHit[] = [];
  constructor(private readonly limit: number) {}

  /** Whether a hit at `at` (or at a tie, with a smaller id) could still enter. */
  open(at: number): boolean {
    return this.hits.length < this.limit || at >= this.hits[this.hits.length - 1]!.at;
  }

  add(hit: FoundHit): void {
    const at = this.hits.findIndex((h) => hit.at > h.at || (hit.at === h.at && hit.conversationId < h.conversationId));
    if (at === -1) {
      if (this.hits.length < this.limit) this.hits.push(hit);
      return;
    }
    this.hits.splice(at, 0, hit);
    if (this.hits.length > this.limit) this.hits.pop();
  }

  /** Takes `hit` out (when it is among them): a newer hit of its conversation replaces it. */
  remove(hit: FoundHit): void {
    const at = this.hits.indexOf(hit);
    if (at !== -1) this.hits.splice(at, 1);
  }
}

