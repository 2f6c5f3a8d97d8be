import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectScript,
  isSimplifiedMarker,
  isTraditionalOnly,
  openccToSimplified,
  toSimplified,
} from '../../../src/normalize/chinese.js';
import { SIMPLIFIED_WORDS, hanChars, messyText, simplifiedText } from './arbitraries.js';

describe('toSimplified', () => {
  it('keeps Simplified words that a blanket opencc conversion damages', () => {
    // The hazard is real: opencc-js itself changes these.
    expect(openccToSimplified('tw')('乾县')).toBe('干县');
    expect(openccToSimplified('t')('一坏')).toBe('一坯');
    expect(toSimplified('乾县')).toBe('乾县');
    expect(toSimplified('破坏')).toBe('破坏');
    expect(toSimplified('一坏')).toBe('一坏');
    expect(toSimplified('什么')).toBe('什么');
    expect(toSimplified('陕西省乾县人民政府')).toBe('陕西省乾县人民政府');
  });

  it('converts Traditional text with phrase context', () => {
    expect(toSimplified('來自網路')).toBe('来自网路');
    expect(toSimplified('陝西乾縣')).toBe('陕西乾县');
    expect(toSimplified('天氣乾燥')).toBe('天气干燥');
    expect(toSimplified('一目瞭然的說明')).toBe('一目了然的说明');
  });

  it('converts to supplementary-plane Simplified forms (鮆 → 𫚖) idempotently', () => {
    expect(toSimplified('鮆魚')).toBe('𫚖鱼');
    expect(toSimplified('𫚖鱼')).toBe('𫚖鱼');
  });

  it('converts HK and TW variant glyphs', () => {
    expect(toSimplified('衞生署')).toBe('卫生署');
    expect(toSimplified('這裡')).toBe('这里');
  });

  it('converts only the Traditional part of mixed text', () => {
    expect(toSimplified('这是乾县的問題')).toBe('这是乾县的问题');
    expect(toSimplified('這是一個測試，乾县的破坏很嚴重')).toBe('这是一个测试，乾县的破坏很严重');
    expect(toSimplified('我们在乾县，請幫忙')).toBe('我们在乾县，请帮忙');
  });

  it('returns Simplified input unchanged (property)', () => {
    fc.assert(
      fc.property(simplifiedText, (s) => {
        expect(toSimplified(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('never changes a character outside a Traditional run and keeps the length', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const out = toSimplified(s);
        expect([...out].length).toBe([...s].length);
        expect(hanChars(out).length).toBe(hanChars(s).length);
        const noTrad = [...s].every((ch) => !isTraditionalOnly(ch));
        if (noTrad) expect(out).toBe(s);
        expect([...out].some(isTraditionalOnly)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const once = toSimplified(s);
        expect(toSimplified(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('character classes', () => {
  it('tells Traditional-only from shared and Simplified characters', () => {
    expect(['們', '網', '陝', '裡', '衞'].every(isTraditionalOnly)).toBe(true);
    expect(['乾', '么', '台', '后', '着', '中'].some(isTraditionalOnly)).toBe(false);
    expect(['们', '网', '县', '坏'].every(isSimplifiedMarker)).toBe(true);
  });

  it('classifies no hand-picked Simplified word as Traditional', () => {
    for (const w of SIMPLIFIED_WORDS) expect([...w].filter(isTraditionalOnly), w).toEqual([]);
  });
});

describe('detectScript', () => {
  it('reports the script of the original text', () => {
    expect(detectScript('我们的问题')).toBe('simplified');
    expect(detectScript('乾县')).toBe('simplified');
    expect(detectScript('我們的問題')).toBe('traditional');
    expect(detectScript('我们的問題')).toBe('mixed');
    expect(detectScript('hello 2021')).toBe('none');
    expect(detectScript('')).toBe('none');
  });
});
