import type { Place } from '../core/text-gen.js';

export const ForumKind = { province: 'province', city: 'city', leader: 'leader', ministry: 'ministry' } as const;
export type ForumKind = (typeof ForumKind)[keyof typeof ForumKind];

export interface Forum {
  readonly fid: number;
  readonly name: string;
  readonly parent: number | null;
  readonly kind: ForumKind;
  readonly place: Place;
  /** Relative posting volume for leaf forums. */
  readonly weight: number;
}

// Province fids from the region nav bar (boards.md §1.2); the capital fills text slots.
const provinces: ReadonlyArray<readonly [number, string, string, string]> = [
  [4, '北京', '北京市', '北京市'], [5, '天津', '天津市', '天津市'], [6, '河北', '河北省', '石家庄市'],
  [17, '山西', '山西省', '太原市'], [18, '内蒙古', '内蒙古自治区', '呼和浩特市'], [8, '辽宁', '辽宁省', '沈阳市'],
  [9, '吉林', '吉林省', '长春市'], [10, '黑龙江', '黑龙江省', '哈尔滨市'], [12, '上海', '上海市', '上海市'],
  [13, '江苏', '江苏省', '南京市'], [14, '浙江', '浙江省', '杭州市'], [19, '安徽', '安徽省', '合肥市'],
  [20, '福建', '福建省', '福州市'], [21, '江西', '江西省', '南昌市'], [22, '山东', '山东省', '济南市'],
  [27, '河南', '河南省', '郑州市'], [28, '湖北', '湖北省', '武汉市'], [29, '湖南', '湖南省', '长沙市'],
  [30, '广东', '广东省', '广州市'], [31, '广西', '广西壮族自治区', '南宁市'], [32, '海南', '海南省', '海口市'],
  [33, '重庆', '重庆市', '重庆市'], [34, '四川', '四川省', '成都市'], [35, '贵州', '贵州省', '贵阳市'],
  [36, '云南', '云南省', '昆明市'], [37, '西藏', '西藏自治区', '拉萨市'], [41, '陕西', '陕西省', '西安市'],
  [42, '甘肃', '甘肃省', '兰州市'], [43, '青海', '青海省', '西宁市'], [44, '宁夏', '宁夏回族自治区', '银川市'],
  [45, '新疆', '新疆维吾尔自治区', '乌鲁木齐市'], [38, '香港', '香港特别行政区', '香港'], [39, '澳门', '澳门特别行政区', '澳门'],
];

// Known leader fids (boards.md §1.2); all others are synthetic in the 3000+ range.
const knownProvinceLeaders: Readonly<Record<number, readonly [number, number]>> = {
  4: [539, 3009], 14: [559, 560], 35: [585, 3071], 42: [593, 3085],
};

// City forums: 杭州 146, 成都 410, 南宁 282 are real fids; the rest are synthetic (6000+).
const cities: ReadonlyArray<readonly [number, number, string, readonly [number, number]]> = [
  [146, 14, '杭州市', [1007, 1008]], [410, 34, '成都市', [1289, 1290]], [282, 31, '南宁市', [7001, 7002]],
  [6001, 29, '长沙市', [7003, 7004]], [6002, 30, '广州市', [7005, 7006]], [6003, 13, '徐州市', [7007, 7008]],
  [6004, 8, '大连市', [7009, 7010]], [6005, 10, '佳木斯市', [7011, 7012]], [6006, 28, '武汉市', [7013, 7014]],
];

// Illustrative district forums under 杭州 inside the 4170–4258 range used by the real site.
const hangzhouDistricts: ReadonlyArray<readonly [number, string]> = [
  [4170, '杭州市上城区委书记'], [4171, '杭州市拱墅区委书记'], [4172, '杭州市西湖区委书记'], [4173, '杭州市滨江区委书记'],
];

const ministries: ReadonlyArray<readonly [number, string]> = [
  [5050, '教育部'], [5051, '公安部'], [5052, '民政部'], [5053, '人力资源和社会保障部'], [5054, '自然资源部'],
  [5055, '工业和信息化部'], [5056, '生态环境部'], [5057, '交通运输部'], [5058, '水利部'], [5059, '农业农村部'],
  [5060, '商务部'], [5061, '国家卫生健康委员会'], [5062, '国家医疗保障局'], [5063, '住房和城乡建设部'],
];

function leaderTitles(short: string, full: string): readonly [string, string] {
  if (full.endsWith('市')) return [`${short}市委书记`, `${short}市长`];
  if (full.endsWith('自治区')) return [`${short}自治区党委书记`, `${short}自治区主席`];
  return [`${short}省委书记`, `${short}省长`];
}

function buildForums(): Forum[] {
  const out: Forum[] = [];
  for (const [fid, short, full, capital] of provinces) {
    const place = { province: full, city: capital };
    out.push({ fid, name: full, parent: null, kind: ForumKind.province, place, weight: 0 });
    if (fid === 38 || fid === 39) continue; // no leader forums: their lists are empty
    const [sec, gov] = knownProvinceLeaders[fid] ?? [3000 + fid * 2, 3001 + fid * 2];
    const [secName, govName] = leaderTitles(short, full);
    out.push({ fid: sec, name: secName, parent: fid, kind: ForumKind.leader, place, weight: 3 });
    out.push({ fid: gov, name: govName, parent: fid, kind: ForumKind.leader, place, weight: 3 });
  }
  for (const [fid, parent, name, [sec, mayor]] of cities) {
    const province = out.find((f) => f.fid === parent)?.place.province ?? '';
    const place = { province, city: name };
    out.push({ fid, name, parent, kind: ForumKind.city, place, weight: 0 });
    out.push({ fid: sec, name: `${name}委书记`, parent: fid, kind: ForumKind.leader, place, weight: 2 });
    out.push({ fid: mayor, name: `${name}长`, parent: fid, kind: ForumKind.leader, place, weight: 2 });
  }
  const hz = { province: '浙江省', city: '杭州市' };
  for (const [fid, name] of hangzhouDistricts) out.push({ fid, name, parent: 146, kind: ForumKind.leader, place: hz, weight: 1 });
  const central = { province: '', city: '' };
  for (const [fid, name] of ministries) out.push({ fid, name, parent: null, kind: ForumKind.ministry, place: central, weight: 1 });
  return out;
}

/** The forum tree; leaves (leaders and ministries) carry messages. */
export const forums: readonly Forum[] = buildForums();
const byFid = new Map(forums.map((f) => [f.fid, f]));

export function forumByFid(fid: number): Forum | undefined {
  return byFid.get(fid);
}

export function childForums(fid: number): Forum[] {
  return forums.filter((f) => f.parent === fid);
}

export function leafForums(): Forum[] {
  return forums.filter((f) => f.weight > 0);
}

/** Leaf fids under `fid` (itself when it is a leaf). */
export function leafFidsUnder(fid: number): Set<number> {
  const out = new Set<number>();
  const walk = (f: number): void => {
    const forum = byFid.get(f);
    if (forum && forum.weight > 0) out.add(f);
    for (const child of childForums(f)) walk(child.fid);
  };
  walk(fid);
  return out;
}

/** Chain from the top forum down to `fid`, for breadcrumbs and forumPathName. */
export function forumPath(fid: number): Forum[] {
  const chain: Forum[] = [];
  let cur = byFid.get(fid);
  while (cur) {
    chain.unshift(cur);
    cur = cur.parent === null ? undefined : byFid.get(cur.parent);
  }
  return chain;
}
