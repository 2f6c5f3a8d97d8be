import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collapseWhitespace,
  nfkcKeepingPunctuation,
  normalizeSpaces,
  normalizeText,
  removePinyinAnnotations,
  repairPunctuation,
} from '../../../src/normalize/text.js';
import { hanChars, messyText, simplifiedText } from './arbitraries.js';

describe('removePinyinAnnotations', () => {
  it('removes tone-marked pinyin after a Han character', () => {
    expect(removePinyinAnnotations('來(lái)自網(wǎng)路')).toBe('來自網路');
    expect(removePinyinAnnotations('來（lái）自')).toBe('來自');
    expect(removePinyinAnnotations('来自(lái zì)这里')).toBe('来自这里');
    expect(removePinyinAnnotations('行(xíng)(háng)')).toBe('行');
  });

  it('keeps ordinary parentheses', () => {
    for (const s of ['发布于(2021)', '类型（咨询）', '编号(A12)', '的(de)', 'ok (lái)']) {
      expect(removePinyinAnnotations(s)).toBe(s);
    }
  });
});

describe('nfkcKeepingPunctuation', () => {
  it('folds full-width letters and digits but keeps Chinese punctuation', () => {
    expect(nfkcKeepingPunctuation('ＡＢＣ１２３，。！？：；（）「」')).toBe('ABC123，。！？：；（）「」');
    expect(nfkcKeepingPunctuation('等等…')).toBe('等等…');
    expect(nfkcKeepingPunctuation('半角｡｢好｣')).toBe('半角。「好」');
  });
});

describe('spaces and punctuation', () => {
  it('maps NBSP, ideographic space and zero-width characters', () => {
    expect(normalizeSpaces('a\u00A0b\u3000c\u200Bd\uFEFFe\r\nf')).toBe('a b cde\nf');
  });

  it('collapses padding and keeps paragraph breaks', () => {
    expect(collapseWhitespace('  第一段  \n\n\n\n   第二段   ')).toBe('第一段\n\n第二段');
  });

  it('repairs doubled and misplaced punctuation', () => {
    expect(repairPunctuation('你好，，请问')).toBe('你好，请问');
    expect(repairPunctuation('谢谢，。')).toBe('谢谢。');
    expect(repairPunctuation('谢谢。，再见')).toBe('谢谢。再见');
    expect(repairPunctuation('好的。。')).toBe('好的。');
    expect(repairPunctuation('然后。。。')).toBe('然后……');
    expect(repairPunctuation('为什么！！')).toBe('为什么！！');
    expect(repairPunctuation('好 ，的')).toBe('好，的');
  });
});

describe('normalizeText', () => {
  it('cleans a mirrored Traditional line end to end', () => {
    expect(normalizeText('　　來(lái)自網(wǎng)路的問題，，請\u200B回覆。')).toBe('来自网路的问题，请回复。');
  });

  it('strips search highlights in plain text', () => {
    expect(normalizeText("关于<label style='color:#D5313F'>天然气</label>涨价")).toBe('关于天然气涨价');
  });

  it('turns HTML into text with paragraph breaks', () => {
    const html = '<div><p>第一段&nbsp;内容</p><p>第二段<br/>换行 &amp; 实体</p><script>x()</script></div>';
    expect(normalizeText(html, { html: true })).toBe('第一段 内容\n\n第二段\n换行 & 实体');
  });

  it('does not decode entities in plain text (a second pass would decode again)', () => {
    expect(normalizeText('A &amp;lt; B')).toBe('A &amp;lt; B');
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.oneof(messyText, fc.string({ unit: 'binary', maxLength: 60 })), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent after HTML mode (property)', () => {
    const htmlish = fc
      .array(fc.oneof(messyText, fc.constantFrom('<p>', '</p>', '<br>', '<div>', '</div>', '&nbsp;')))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(htmlish, (s) => {
        const once = normalizeText(s, { html: true });
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  // "No Chinese character is lost": in plain-text mode no rule deletes a Han character (pinyin
  // notes are Latin, highlights are ASCII markup, punctuation is not Han), so the number of Han
  // characters is equal and, for text without Traditional characters, so is the sequence.
  it('keeps every Han character (property)', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        expect(hanChars(normalizeText(s)).length).toBe(hanChars(s).length);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(simplifiedText, (s) => {
        expect(hanChars(normalizeText(s))).toEqual(hanChars(s));
      }),
      { numRuns: 500 },
    );
  });
});
