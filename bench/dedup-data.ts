/**
 * Synthetic messages for bench/dedup.ts (generated here, deterministic; no third-party
 * text). Each message draws 40-160 characters from a 2,000-character Han range, so distinct
 * messages are about as unlike as real distinct petitions; every 20th message is a
 * near-duplicate (prefix added, tail cut) of an earlier one, so the index is exercised.
 */
import type { NormalizedMessage } from '../src/shared/types.js';

/** mulberry32: a tiny seeded PRNG so every run measures the same messages. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function text(seed: number): string {
  const r = rng(seed);
  const n = 40 + Math.floor(r() * 120);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x4e00 + Math.floor(r() * 2000));
  return s;
}

/** The body of message i (near-duplicates derive from an earlier message's body). */
export function benchBody(i: number): string {
  if (i % 20 === 19) {
    const base = text(Math.floor(i / 2));
    return `再次反映${base.slice(0, Math.floor(base.length * 0.9))}`;
  }
  return text(i);
}

/** Message i as the normalize stage would hand it to the store. */
export function benchMessage(i: number): NormalizedMessage {
  const body = benchBody(i);
  const postedAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  return {
    source: `bench-${i % 4}`, externalId: String(i), url: `http://127.0.0.1/t/${i}`,
    board: { id: String(i % 50), name: null }, title: body.slice(0, 12), body, bodyTruncated: false,
    original: { title: body.slice(0, 12), body }, script: 'simplified', postedAt, author: null,
    status: { code: 'pending', raw: null }, type: { code: 'other', raw: null }, domain: { code: null, raw: null },
    region: { province: null, city: null, county: null, code: null }, replies: [], evaluation: null,
    views: null, likes: null, sensitive: { phone: false, idNumber: false, masked: false }, extra: {},
  };
}
