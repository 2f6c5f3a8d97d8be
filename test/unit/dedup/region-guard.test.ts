import { describe, expect, it } from 'vitest';

import { placesCompatible } from '../../../src/dedup/region-guard.js';

describe('placesCompatible', () => {
  it('accepts a place and the division that contains it', () => {
    expect(placesCompatible('330000', '330100')).toBe(true); // 浙江省 / 杭州市
    expect(placesCompatible('330100', '330106')).toBe(true); // 杭州市 / 西湖区
    expect(placesCompatible('330106', '330000')).toBe(true);
  });

  it('rejects places that cannot be the same', () => {
    expect(placesCompatible('330100', '320100')).toBe(false); // 杭州市 / 南京市
    expect(placesCompatible('330106', '330102')).toBe(false); // two districts
    expect(placesCompatible('110000', '210200')).toBe(false); // 北京 / 大连
  });

  it('treats an unknown place as compatible', () => {
    expect(placesCompatible(null, '330100')).toBe(true);
    expect(placesCompatible('330100', undefined)).toBe(true);
  });
});
