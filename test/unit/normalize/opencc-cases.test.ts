import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isTraditionalOnly,
  openccToSimplified,
  toSimplified,
  type TraditionalVariant,
} from '../../../src/normalize/chinese.js';

// OpenCC's own conversion cases (BYVoid/OpenCC test/testcases/testcases.json), kept outside
// the repo; the folder is optional, so these tests skip when it is absent.
const dir = process.env['OPENCC_TESTCASES'] ?? path.resolve('..', 'shared', 'data', 'opencc-testcases');
// 5249273a is the dictionary build opencc-js 1.4.2 ships (see the folder's SOURCE.md).
const file = path.join(dir, 'testcases_OpenCC-5249273a.json');
const exists = existsSync(file);

interface Case {
  id: string;
  input: string;
  expected: Record<string, string>;
}

function loadCases(): Case[] {
  // The file is JSONC (trailing commas); no string in it contains ",}" or ",]".
  const text = readFileSync(file, 'utf8').replace(/,(\s*[}\]])/g, '$1');
  return (JSON.parse(text) as { cases: Case[] }).cases;
}

const CONFIGS: Record<string, Exclude<TraditionalVariant, 'auto'>> = { t2s: 't', tw2s: 'tw', hk2s: 'hk' };
// opencc-js leaves out OpenCC's "may output tofu" dictionary (殢→𣨼, 圞→𪢮, 樠→𣗊), so these
// three t2s cases fail in opencc-js itself (SOURCE.md measured the same three).
const OPENCC_JS_GAPS = new Set([
  'BYVoid_OpenCC_PR_1228_existing_behaviors',
  'BYVoid_OpenCC_PR_1229_existing_behaviors',
  'BYVoid_OpenCC_PR_464_xi_vs_xi',
]);
// Cases our guarded conversion handles differently from a blanket conversion, by design: the
// input holds a character we treat as Simplified (坏, 丑, 于 …), which ends a run, or a word
// made only of shared characters (陞, 剋, 袷, 甦) that no Traditional-only character vouches for.
const GUARDED = new Set([
  'case_054',
  'case_061_t2x',
  'case_062_tw2x',
  'BYVoid_OpenCC_PR_464_ke_vs_ke',
  'BYVoid_OpenCC_PR_464_jia_vs_jia',
  't2s_huai_and_pi_phrases',
]);

function casesFor(config: string): Case[] {
  return loadCases().filter((c) => c.expected[config] !== undefined);
}

describe('OpenCC test cases', () => {
  it.skipIf(!exists)('uses the right data folder', () => {
    expect(readdirSync(dir)).toContain('SOURCE.md');
  });

  for (const [config, variant] of Object.entries(CONFIGS)) {
    it.skipIf(!exists)(`the cached ${config} converter matches OpenCC`, () => {
      const cases = casesFor(config).filter((c) => !OPENCC_JS_GAPS.has(c.id));
      expect(cases.length).toBeGreaterThan(15);
      for (const c of cases) expect(openccToSimplified(variant)(c.input), c.id).toBe(c.expected[config]);
    });

    it.skipIf(!exists)(`toSimplified matches ${config} except for documented guarded cases`, () => {
      const cases = casesFor(config).filter((c) => !OPENCC_JS_GAPS.has(c.id));
      for (const c of cases) {
        const out = toSimplified(c.input, { variant });
        if (!GUARDED.has(c.id)) expect(out, c.id).toBe(c.expected[config]);
      }
    });

    it.skipIf(!exists)(`toSimplified never leaves a Traditional-only character of a ${config} case unconverted`, () => {
      for (const c of casesFor(config).filter((x) => !OPENCC_JS_GAPS.has(x.id))) {
        const input = [...c.input];
        const out = [...toSimplified(c.input, { variant })];
        const expected = [...(c.expected[config] ?? '')];
        expect(out.length).toBe(input.length);
        input.forEach((ch, i) => {
          if (isTraditionalOnly(ch)) expect(out[i], `${c.id}@${i}`).toBe(expected[i]);
          else if (out[i] !== expected[i]) expect(out[i], `${c.id}@${i} left alone`).toBe(ch);
        });
      }
    });
  }

  it.skipIf(!exists)('leaves every Simplified expected output of OpenCC unchanged', () => {
    let checked = 0;
    for (const c of loadCases()) {
      for (const [config, text] of Object.entries(c.expected)) {
        if (!/^(t2s|tw2s|hk2s|tw2sp|hk2sp)$/.test(config)) continue;
        checked++;
        expect(toSimplified(text), `${c.id} ${config}`).toBe(text);
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});
