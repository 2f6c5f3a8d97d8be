/**
 * The simulated clock. Time only moves when told to (advance/set), unless `speed` > 0, in which
 * case it also runs at `speed` simulated ms per real ms; tests keep speed 0 for determinism.
 */
export class SimClock {
  #baseMs: number;
  #anchorRealMs: number;
  #speed: number;

  constructor(startMs: number, speed = 0) {
    this.#baseMs = startMs;
    this.#anchorRealMs = Date.now();
    this.#speed = speed;
  }

  nowMs(): number {
    if (this.#speed === 0) return this.#baseMs;
    return this.#baseMs + (Date.now() - this.#anchorRealMs) * this.#speed;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(ms: number): void {
    this.set(this.nowMs() + ms);
  }

  set(ms: number): void {
    this.#baseMs = ms;
    this.#anchorRealMs = Date.now();
  }

  setSpeed(speed: number): void {
    this.set(this.nowMs());
    this.#speed = speed;
  }
}
