/**
 * The generated text behaves like real petitions for deduplication: independent posts on
 * the same topic in the same place share their subject but not their text, while reposts
 * share most of it and every duplicate is about the same place as its original.
 */
import { describe, expect, it } from 'vitest';

import { Rng } from '../../sim/core/prng.js';
import { editForRepost, generatePetition, type Petition } from '../../sim/core/text-gen.js';
import { startSimulator } from '../../sim/index.js';
import { compareTexts } from '../../src/dedup/similarity.js';
import { dedupText } from '../../src/dedup/text.js';

const place = { province: '湖南省', city: '长沙市' };
const text = (p: Petition): string => dedupText({ title: p.title, body: p.paragraphs.join('\n') });

describe('petition generator', () => {
  const petitions = Array.from({ length: 600 }, (_v, i) => generatePetition(new Rng(3, 1, i, 41), place));

  it('is deterministic per key', () => {
    expect(generatePetition(new Rng(3, 1, 7, 41), place)).toEqual(petitions[7]);
  });

  it('covers many topics and a skewed range of lengths', () => {
    expect(new Set(petitions.map((p) => p.topicKey)).size).toBeGreaterThanOrEqual(15);
    const lengths = petitions.map((p) => p.paragraphs.join('').length).sort((a, b) => a - b);
    expect(lengths[0]!).toBeLessThan(60);
    expect(lengths[lengths.length - 1]!).toBeGreaterThan(250);
    expect(lengths[lengths.length >> 1]!).toBeLessThan(150);
  });

  it('gives independent same-topic posts different texts, as independent writers do', () => {
    const texts = petitions.map(text);
    let sameTopic = 0;
    let alike = 0;
    for (let i = 0; i < petitions.length; i++) {
      for (let j = i + 1; j < petitions.length; j++) {
        if (petitions[i]!.topicKey !== petitions[j]!.topicKey) continue;
        sameTopic++;
        if (compareTexts(texts[i]!, texts[j]!).jaccard >= 0.4) alike++;
        expect(texts[i]).not.toBe(texts[j]);
      }
    }
    // Under 1% of same-topic, same-city pairs reach the "same issue" similarity.
    expect(sameTopic).toBeGreaterThan(5_000);
    expect(alike / sameTopic).toBeLessThan(0.01);
  });

  it('keeps most of the text in a repost', () => {
    for (let i = 0; i < 50; i++) {
      const repost = editForRepost(new Rng(3, 2, i, 43), petitions[i]!);
      expect(compareTexts(text(repost), text(petitions[i]!)).containment).toBeGreaterThan(0.6);
    }
  });
});

describe('duplicates in the world', () => {
  it('point at an original about the same place', async () => {
    const sim = await startSimulator({ seed: 9, messagesPerBoard: 3_000, duplicates: { repostRate: 0.05, crossPostRate: 0.05 } });
    try {
      const kinds = new Map<string, number>();
      for (const [key, core] of sim.world.boards) {
        for (let i = 0; i < 3_000; i++) {
          const origin = sim.world.originOf(key, i);
          if (origin.kind === 'original') continue;
          kinds.set(origin.kind, (kinds.get(origin.kind) ?? 0) + 1);
          expect(sim.world.board(origin.board).placeOf(origin.index)).toEqual(core.placeOf(i));
        }
      }
      expect(kinds.get('repost')).toBeGreaterThan(100);
      expect(kinds.get('cross-post')).toBeGreaterThan(20);
    } finally {
      await sim.close();
    }
  });
});
