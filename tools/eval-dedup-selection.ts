/**
 * What the stored index's candidate selection (src/dedup/dedup-index.ts `selectCandidates`)
 * costs and loses on a corpus: messages go in storage order through lists capped as the store
 * caps them (BAND_LIST_CAP); for each message, the candidates selected are counted (the
 * signature reads the store makes) and compared with every candidate the capped lists offer.
 * A true pair that the confirmation accepts but the selection drops is a pair lost.
 */
import { BAND_LIST_CAP, MAX_BAND_CANDIDATES, sameIssueAs, selectCandidates } from '../src/dedup/dedup-index.js';
import { authorKeyOf, exactKeyOf, fingerprint, indexKeys, type Fingerprint } from '../src/dedup/fingerprint.js';
import type { DedupInput } from '../src/dedup/text.js';

export interface SelectionReport {
  messages: number;
  /** Candidates offered by the capped lists, per message, in each quarter of the corpus. */
  offeredPerMessage: number[];
  /** Candidates selected (signatures read), per message, in each quarter. */
  selectedPerMessage: number[];
  /** Most band-only candidates one message had (the selection binds above MAX_BAND_CANDIDATES). */
  maxBandOnly: number;
  /** Confirmed pairs among the offered / among the selected candidates. */
  confirmedOffered: number;
  confirmedSelected: number;
  /** Confirmed true pairs among the offered / selected (lost = the difference). */
  trueOffered: number;
  trueSelected: number;
}

export function selectionReport(ids: string[], inputs: Map<string, DedupInput>, isTrue: (a: string, b: string) => boolean): SelectionReport {
  const lists = new Map<string, string[]>();
  const fps = new Map<string, Fingerprint>();
  const offered = [0, 0, 0, 0];
  const selected = [0, 0, 0, 0];
  const perQuarter = [0, 0, 0, 0];
  const r = { maxBandOnly: 0, confirmedOffered: 0, confirmedSelected: 0, trueOffered: 0, trueSelected: 0 };
  ids.forEach((id, i) => {
    const fp = fingerprint(inputs.get(id) as DedupInput);
    fps.set(id, fp);
    const seen = new Map<string, string[]>();
    for (const key of indexKeys(fp)) {
      const list = lists.get(key) ?? [];
      seen.set(key, [...list]);
      if (list.length < BAND_LIST_CAP) lists.set(key, [...list, id]);
    }
    const all = new Set([...seen.values()].flat());
    const namedKeys = [exactKeyOf(fp), authorKeyOf(fp)];
    const named = new Set(namedKeys.flatMap((k) => (k === null ? [] : (seen.get(k) ?? []))));
    r.maxBandOnly = Math.max(r.maxBandOnly, [...all].filter((x) => !named.has(x)).length);
    const chosen = new Set(selectCandidates(seen, namedKeys, id));
    const q = Math.min(3, Math.floor((4 * i) / ids.length));
    perQuarter[q] = (perQuarter[q] ?? 0) + 1;
    offered[q] = (offered[q] ?? 0) + all.size;
    selected[q] = (selected[q] ?? 0) + chosen.size;
    for (const other of all) {
      if (!sameIssueAs(fp, fps.get(other) as Fingerprint)) continue;
      const t = isTrue(id, other);
      r.confirmedOffered++;
      if (t) r.trueOffered++;
      if (!chosen.has(other)) continue;
      r.confirmedSelected++;
      if (t) r.trueSelected++;
    }
  });
  const per = (xs: number[]) => xs.map((x, q) => Math.round((x / Math.max(1, perQuarter[q] ?? 0)) * 100) / 100);
  return { messages: ids.length, offeredPerMessage: per(offered), selectedPerMessage: per(selected), ...r };
}

export function printSelection(name: string, s: SelectionReport): void {
  console.log(`  ${name} candidate selection (capped lists, at most ${MAX_BAND_CANDIDATES} band-only candidates): per message by quarter offered ${s.offeredPerMessage.join(' / ')}, selected ${s.selectedPerMessage.join(' / ')}; most band-only candidates of one message ${s.maxBandOnly}`);
  console.log(`    confirmed pairs offered ${s.confirmedOffered}, selected ${s.confirmedSelected}; true ones offered ${s.trueOffered}, selected ${s.trueSelected} (lost ${s.trueOffered - s.trueSelected})`);
}
