/**
 * Runs async sections one after another within this process. Used where every writer takes
 * the next number of one gap-free sequence (the event log, a queue bucket's slots, a year's
 * case numbers): tasks in flight in one process racing for the same number would only collide
 * and retry, costing round trips (and, for the event log, a scan to tell a lost race from an
 * already-logged event). Other processes still race; the insert-once claims decide those.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `section` after every section queued before it has settled. */
  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section);
    // The next section waits for this one whether it resolves or rejects.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
