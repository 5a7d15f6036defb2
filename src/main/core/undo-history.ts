/**
 * The undo history of triage and of replies still in their undo window: newest first, at most
 * MAX_UNDO steps. Actions run as a batch (bulk triage) merge their steps into one.
 */
import { transaction, type Db } from './db/database';

export interface UndoStep {
  description: string;
  /** Reverts the change; runs inside a transaction. */
  revert: () => void;
  /** The conversations it touched, for the change event. */
  conversationIds: string[];
  /** A reply whose sending was cancelled, to put back in the composer. */
  draft?: { conversationId: string; text: string };
  /** It changes the scheduled replies (the change event says so, for the Scheduled view). */
  scheduled?: boolean;
}

const MAX_UNDO = 50;

export class UndoHistory {
  private readonly steps: UndoStep[] = [];
  /** While a batch runs, the undo steps its actions record, to be merged into one. */
  private batchSteps: UndoStep[] | null = null;

  /** `exists` says whether a conversation is still in the cache (steps for gone ones are forgotten). */
  constructor(
    private readonly db: Db,
    private readonly exists: (conversationId: string) => boolean,
  ) {}

  /** Records a step (into the running batch, if any); the oldest goes past MAX_UNDO. */
  push(step: UndoStep): void {
    if (this.batchSteps) {
      this.batchSteps.push(step);
      return;
    }
    this.steps.push(step);
    if (this.steps.length > MAX_UNDO) this.steps.shift();
  }

  /**
   * Runs several actions as one: one transaction (all or nothing), and one undo step that
   * reverts every step they recorded, newest first. `describe` names the merged step from the
   * number of conversations it touched; a batch that changed one conversation keeps that
   * action's own description.
   */
  batch<T>(describe: (conversations: number) => string, fn: () => T): T {
    if (this.batchSteps) return fn(); // already inside a batch: join it
    const steps: UndoStep[] = [];
    this.batchSteps = steps;
    let result: T;
    try {
      result = transaction(this.db, fn);
    } finally {
      this.batchSteps = null;
    }
    const conversationIds = [...new Set(steps.flatMap((s) => s.conversationIds))];
    if (steps.length === 1) this.push(steps[0]!);
    else if (steps.length > 1) {
      this.push({
        description: describe(conversationIds.length),
        conversationIds,
        revert: () => {
          for (const step of [...steps].reverse()) step.revert();
        },
      });
    }
    return result;
  }

  /** Reverts the newest step in one transaction and returns it; null when there is none. */
  pop(): UndoStep | null {
    const step = this.steps.pop() ?? null;
    if (step) transaction(this.db, step.revert);
    return step;
  }

  /** Forgets undo steps for conversations that no longer exist (an account was removed). */
  forgetMissing(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      if (this.steps[i]!.conversationIds.some((id) => !this.exists(id))) this.steps.splice(i, 1);
    }
  }
}
