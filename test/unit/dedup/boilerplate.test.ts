import { describe, expect, it } from 'vitest';

import { stripBoilerplate } from '../../../src/dedup/boilerplate.js';
import { dedupText } from '../../../src/dedup/text.js';
import { compareTexts, isSameIssue } from '../../../src/dedup/similarity.js';

describe('stripBoilerplate', () => {
  it('removes salutations, greetings and closings', () => {
    expect(stripBoilerplate('尊敬的市长您好！小区电梯坏了。谢谢！')).toBe('小区电梯坏了。');
    expect(stripBoilerplate('尊敬的王书记：您好！小区电梯坏了。此致敬礼！')).toBe('小区电梯坏了。');
    expect(stripBoilerplate('各位领导好，小区电梯坏了。')).toBe('小区电梯坏了。');
  });

  it('keeps the substance of a sentence that starts with a greeting', () => {
    expect(stripBoilerplate('您好，我们是阳光花园的业主。')).toBe('我们是阳光花园的业主。');
  });

  it('drops stock pleasantry sentences but not long sentences that mention thanks', () => {
    const s = '非常感谢各位领导在百忙之中抽空阅读我的留言。学校门口每天堵车。祝您工作顺利、身体健康！';
    expect(stripBoilerplate(s)).toBe('学校门口每天堵车。');
    const long = '感谢政府去年修好了门口的路，但是今年雨季过后路面又出现了十几个大坑，电动车经过时非常危险，已经有好几位老人摔倒受伤了。';
    expect(stripBoilerplate(long)).toBe(long);
  });

  it('makes two different issues in the same long template dissimilar', () => {
    const frame = '尊敬的领导您好！我是一名普通市民，长期以来一直关注我市的发展，非常感谢各位领导在百忙之中抽空阅读我的留言。';
    const a = dedupText({ title: '反映问题', body: `${frame}翠湖苑三号楼电梯坏了两周没人修。谢谢！` });
    const b = dedupText({ title: '反映问题', body: `${frame}学府路夜市油烟太大影响居民开窗。谢谢！` });
    expect(isSameIssue(compareTexts(a, b))).toBe(false);
  });

  it('falls back to the whole text when a message is all boilerplate', () => {
    expect(dedupText({ title: '您好', body: '谢谢！' })).toBe('您好谢谢');
  });
});
