/**
 * Finding the end of a gap-free run of ids (1, 2, 3 …) with `_id` lookups only. On FerretDB
 * v1 a lookup by `_id` is the one query that does not scan the collection (sorts, `$in`,
 * secondary-index filters and counts all do: measured in docs/mongodb-subset.md), so "the
 * highest seq" is found by galloping forward from a hint and bisecting, O(log gap) lookups.
 */

/** Returns the first n ≥ 1 for which `exists(n)` is false, given that exists is true on 1..k and false after. */
export async function firstMissing(exists: (n: number) => Promise<boolean>, hint: number): Promise<number> {
  let lo = Math.max(1, Math.floor(hint));
  // A hint can lag (hints are written without atomicity) but never run ahead of the data.
  while (lo > 1 && !(await exists(lo - 1))) lo = Math.max(1, Math.floor(lo / 2));
  if (!(await exists(lo))) return lo;
  let step = 1;
  let hi = lo + step;
  while (await exists(hi)) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  // exists(lo) is true, exists(hi) is false: bisect.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Where to insert next in such a run. With `guess` (the hint comes from this process's own
 * last insert, so it is usually exact) the hinted id itself, once the id before it is known
 * to exist: the insert is then the probe, and a duplicate-key error means look again without
 * guessing. Otherwise firstMissing. Either way the run stays gap-free.
 */
export async function nextFree(exists: (n: number) => Promise<boolean>, hint: number, guess: boolean): Promise<{ n: number; guessed: boolean }> {
  if (guess && (hint === 1 || (await exists(hint - 1)))) return { n: hint, guessed: true };
  return { n: await firstMissing(exists, hint), guessed: false };
}
