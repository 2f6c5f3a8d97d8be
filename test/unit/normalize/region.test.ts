import { describe, expect, it } from 'vitest';
import { regionFromCode, resolveRegion } from '../../../src/normalize/region.js';
import { COUNTIES, PREFECTURES, PROVINCES } from '../../../src/normalize/region-table.js';

describe('resolveRegion', () => {
  it.each([
    ['浙江省委书记', { province: '浙江省', city: null, county: null, code: '330000' }],
    ['杭州市委书记刘捷', { province: '浙江省', city: '杭州市', county: null, code: '330100' }],
    [' 广西壮族自治区 钦州市', { province: '广西壮族自治区', city: '钦州市', county: null, code: '450700' }],
    ['河南省林州市委书记', { province: '河南省', city: '安阳市', county: '林州市', code: '410581' }],
    ['430100', { province: '湖南省', city: '长沙市', county: null, code: '430100' }],
    ['广西 钦州', { province: '广西壮族自治区', city: '钦州市', county: null, code: '450700' }],
    ['内蒙古 包头市', { province: '内蒙古自治区', city: '包头市', county: null, code: '150200' }],
    ['吉林省吉林市', { province: '吉林省', city: '吉林市', county: null, code: '220200' }],
    ['北京市委书记', { province: '北京市', city: null, county: null, code: '110000' }],
    ['湘西土家族苗族自治州', { province: '湖南省', city: '湘西土家族苗族自治州', county: null, code: '433100' }],
  ])('%s', (hint, region) => {
    expect(resolveRegion(hint)).toEqual(region);
  });

  it('does not read a city short name inside a street name', () => {
    expect(resolveRegion('中山路')).toEqual({ province: null, city: null, county: null, code: null });
  });

  it('combines hints and keeps a site code it cannot name at a lower level', () => {
    expect(resolveRegion(null, '长沙县')).toMatchObject({ city: '长沙市', code: '430121' });
    expect(regionFromCode('430102')).toEqual({ province: '湖南省', city: '长沙市', county: null, code: '430102' });
    expect(regionFromCode('990000').province).toBeNull();
  });
});

describe('region table', () => {
  const all = [...PROVINCES.map(([c]) => c), ...[...PREFECTURES, ...COUNTIES].flatMap((l) => l.split(' ').map((e) => e.slice(0, 6)))];

  it('has 34 provincial-level divisions and unique, well-formed codes', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(all.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('files every prefecture under an existing province', () => {
    const provinces = new Set(PROVINCES.map(([c]) => c.slice(0, 2)));
    for (const line of PREFECTURES) {
      for (const e of line.split(' ')) expect(provinces.has(e.slice(0, 2)), e).toBe(true);
    }
  });

  it('lists every city of 湖南 and 广东 (14 and 21)', () => {
    const count = (p: string) => PREFECTURES.join(' ').split(' ').filter((e) => e.startsWith(p)).length;
    expect(count('43')).toBe(14);
    expect(count('44')).toBe(21);
    expect(count('33')).toBe(11);
    expect(count('32')).toBe(13);
  });
});
