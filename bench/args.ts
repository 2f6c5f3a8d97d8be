/** Flag checks shared by the bench scripts run on their own. */

/**
 * A positive integer flag: `dflt` when absent; a bad value stops the script with exit 2 and a
 * message naming the flag, as the CLI does.
 */
export function positiveIntFlag(name: string, raw: string | undefined, dflt: number): number {
  const v = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`--${name} must be a positive integer, got "${raw}"\n`);
    process.exit(2);
  }
  return v;
}
