/**
 * Daemon runs sweep a list again as soon as its next sweep is due, inside the run: a run
 * kept busy by detail pages and re-visits would otherwise sweep each list once at its start
 * and leave new posts waiting for the next run. Lists re-seeded here go into the frontier's
 * new-work lane, ahead of any re-visit backlog.
 */
import type { WatermarkDoc } from '../frontier/schemas.js';
import { watermarkValues, type WatermarkRepository } from '../frontier/watermarks.js';
import type { AnySourceDefinition, Task } from '../sources/define-source.js';
import type { Clock } from '../shared/clock.js';
import type { Frontier } from '../frontier/frontier.js';
import type { Logger } from '../shared/logger.js';
import { frontierTasks } from './process-task.js';

/** How often a busy run reads the lists' due times (one small find per source). */
export const RESEED_CHECK_MS = 15_000;

/**
 * A sweep that never committed (its page died) is taken as over after this long, so one
 * lost page does not stop the list for the rest of a long run.
 */
const STUCK_SWEEP_MS = 3_600_000;

export interface ListReseederInput {
  source: AnySourceDefinition;
  options: unknown;
  watermarks: WatermarkRepository;
  frontier: Frontier;
  clock: Clock;
  log: Logger;
  sweepId: string;
  /** Early sweeps (sweepEarly) come no sooner than this after a list's last sweep. */
  minSweepGapMs: number;
}

export class ListReseeder {
  readonly #in: ListReseederInput;
  /** Scope → when its current sweep was seeded (ms). */
  readonly #seededAt = new Map<string, number>();
  #checkAt = 0;
  #generation = 0;
  #nextDue: number | null = null;
  /** Configured lists not being swept, as of the last poll. */
  #idleDocs: WatermarkDoc[] = [];
  #stored: WatermarkDoc[] = [];

  /** The scopes this run's options list (stored watermarks of lists no longer configured are ignored). */
  readonly #scopes: Set<string>;

  /** `all`: every list task of the run's options; `seeded`: those the run started with. */
  constructor(input: ListReseederInput, all: readonly Task[], seeded: readonly Task[]) {
    this.#in = input;
    this.#scopes = new Set(scopesOf(all));
    const now = input.clock.now().getTime();
    for (const scope of scopesOf(seeded)) this.#seededAt.set(scope, now);
    // The first poll reads the lists at once, so sweepEarly knows them from the start.
    this.#checkAt = now;
  }

  /** Seeds the lists that are due now (at most every RESEED_CHECK_MS unless `force`); returns how many. */
  async poll(force = false): Promise<number> {
    const now = this.#in.clock.now().getTime();
    if (!force && now < this.#checkAt) return 0;
    this.#checkAt = now + RESEED_CHECK_MS;
    this.#stored = await this.#in.watermarks.load(this.#in.source.id);
    const idle = this.#idle(this.#stored, now);
    return this.#seed(new Set(idle.filter((d) => (d.nextSweepAt?.getTime() ?? 0) <= now).map((d) => d.scope)), now, 'lists due again, swept within the run');
  }

  /**
   * With request budget to spare: sweeps the list due next now, if its last sweep is at least
   * minSweepGapMs ago (uses the lists as of the last poll). Returns how many lists it seeded.
   */
  async sweepEarly(): Promise<number> {
    const now = this.#in.clock.now().getTime();
    const ready = this.#idleDocs.filter((d) => now - (d.sweptAt?.getTime() ?? 0) >= this.#in.minSweepGapMs);
    const next = ready.sort((a, b) => (a.nextSweepAt?.getTime() ?? 0) - (b.nextSweepAt?.getTime() ?? 0))[0];
    return next ? this.#seed(new Set([next.scope]), now, 'spare budget: list swept before it is due') : 0;
  }

  async #seed(scopes: ReadonlySet<string>, now: number, why: string): Promise<number> {
    if (scopes.size === 0) return 0;
    const { source } = this.#in;
    const options = source.incremental ? source.incremental.withWatermarks(this.#in.options, watermarkValues(this.#stored)) : this.#in.options;
    const due = source.seeds({ options, since: null, until: null }).filter((t) => scopes.has(scopeOf(t) ?? ''));
    if (due.length === 0) return 0;
    const sweep = `${this.#in.sweepId}.${++this.#generation}`;
    await this.#in.frontier.add(source.id, frontierTasks(due, sweep), 0);
    for (const scope of scopesOf(due)) this.#seededAt.set(scope, now);
    this.#idleDocs = this.#idleDocs.filter((d) => !scopes.has(d.scope));
    this.#in.log.debug({ lists: due.length, sweepId: sweep }, why);
    return due.length;
  }

  /** When the earliest list not being swept is due, as of the last poll (ms), or null. */
  nextDue(): number | null {
    return this.#nextDue;
  }

  /** Reads the lists' due times again without seeding (for the scheduler's next wake-up). */
  async refresh(): Promise<number | null> {
    this.#idle(await this.#in.watermarks.load(this.#in.source.id), this.#in.clock.now().getTime());
    return this.#nextDue;
  }

  /** Configured lists not being swept now; records when the first of them is due. */
  #idle(stored: readonly WatermarkDoc[], now: number): WatermarkDoc[] {
    const idle = stored.filter((d) => this.#scopes.has(d.scope) && this.#swept(d, now));
    this.#idleDocs = idle;
    this.#nextDue = idle.reduce<number | null>((m, d) => Math.min(m ?? Infinity, d.nextSweepAt?.getTime() ?? now), null);
    return idle;
  }

  /** The list's last sweep committed after this run seeded it (or it was never seeded here). */
  #swept(doc: WatermarkDoc, now: number): boolean {
    const seeded = this.#seededAt.get(doc.scope);
    if (seeded === undefined) return true;
    return (doc.sweptAt?.getTime() ?? 0) >= seeded || now - seeded > STUCK_SWEEP_MS;
  }
}

const scopeOf = (t: Task): string | null => (typeof t.meta?.scope === 'string' ? t.meta.scope : null);

function scopesOf(tasks: readonly Task[]): string[] {
  return tasks.map(scopeOf).filter((s): s is string => s !== null);
}
