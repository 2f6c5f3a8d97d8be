/** Human output of a crawl: the summary table printed at the end. */
import type { RunResult } from '../../pipeline/run-source.js';

/** Prints the run's counts and grouped errors as an aligned table. */
export function printSummary(out: NodeJS.WritableStream, source: string, result: RunResult): void {
  const c = result.summary.counts;
  const rows: [string, string | number][] = [
    ['source', source],
    ['run', result.runId],
    ['state', result.reason ? `${result.state} (${result.reason})` : result.state],
    ['pages', c.pages],
    ['messages', c.messages],
    ['inserted', c.inserted],
    ['updated', c.updated],
    ['unchanged', c.unchanged],
    ['skipped (gone)', c.skipped],
    ['deferred', c.deferred],
    ['failed', c.failed],
    ['dead letters', c.deadLettered],
  ];
  for (const [code, n] of Object.entries(result.summary.errorsByCode)) rows.push([`error ${code}`, n]);
  const width = Math.max(...rows.map(([k]) => k.length));
  out.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
