/**
 * Region from free-text hints: board names (杭州市委书记刘捷), forum paths (河南省林州市委书记),
 * liuyan's `from` (" 广西壮族自治区 钦州市") and 6-digit codes (rednet city_id 430100).
 */
import type { Region } from '../shared/types.js';
import { COUNTIES, PREFECTURES, PROVINCES } from './region-table.js';

interface Division {
  code: string;
  name: string;
  /** Names to search for; the full name first. */
  names: string[];
}

interface Index {
  byCode: Map<string, Division>;
  provinces: Division[];
  prefectures: Division[];
  counties: Division[];
}

function parseEntries(lines: readonly string[]): Division[] {
  return lines
    .flatMap((line) => line.split(' '))
    .map((entry) => {
      const [name = '', alias] = entry.slice(6).split('/');
      return { code: entry.slice(0, 6), name, names: alias === undefined ? [name] : [name, alias] };
    });
}

/** The short form of a prefecture city name (杭州市 → 杭州); other kinds need an alias. */
function withShortName(d: Division): Division {
  if (d.names.length > 1 || !d.name.endsWith('市') || d.name.length < 3) return d;
  return { ...d, names: [d.name, d.name.slice(0, -1)] };
}

let indexCache: Index | undefined;
function index(): Index {
  if (indexCache !== undefined) return indexCache;
  const provinces = PROVINCES.map(([code, name, short]) => ({ code, name, names: [name, short] }));
  const prefectures = parseEntries(PREFECTURES).map(withShortName);
  const counties = parseEntries(COUNTIES).map(withShortName);
  const byCode = new Map<string, Division>();
  for (const d of [...provinces, ...prefectures, ...counties]) byCode.set(d.code, d);
  indexCache = { byCode, provinces, prefectures, counties };
  return indexCache;
}

interface Hit {
  division: Division;
  at: number;
  length: number;
}

// A short name (杭州, 林州) must stand alone or be followed by a level word, so that 中山路 or
// 朝阳区 inside another city's hint do not count; full names (杭州市) match anywhere, and so do
// province short names (广西钦州), which are distinctive.
const SHORT_FOLLOWERS = /^(?:$|[\s,，、/>|\-市县州盟委])/u;

function findFirst(text: string, divisions: readonly Division[], strictShort = true): Hit | null {
  let best: Hit | null = null;
  for (const division of divisions) {
    division.names.forEach((name, i) => {
      const at = text.indexOf(name);
      if (at < 0) return;
      if (strictShort && i > 0 && !SHORT_FOLLOWERS.test(text.slice(at + name.length, at + name.length + 1))) return;
      const better = best === null || at < best.at || (at === best.at && name.length > best.length);
      if (better) best = { division, at, length: name.length };
    });
  }
  return best;
}

const EMPTY: Region = { province: null, city: null, county: null, code: null };

/** Region of a 6-digit code: known county, city or province, else the levels its prefix names. */
export function regionFromCode(code: string): Region {
  if (!/^\d{6}$/.test(code)) return EMPTY;
  const { byCode } = index();
  const province = byCode.get(`${code.slice(0, 2)}0000`);
  if (province === undefined) return EMPTY;
  const city = code.endsWith('0000') ? undefined : byCode.get(`${code.slice(0, 4)}00`);
  const county = code.endsWith('00') ? undefined : byCode.get(code);
  return {
    province: province.name,
    city: city?.name ?? null,
    county: county?.name ?? null,
    code,
  };
}

function within(divisions: readonly Division[], provinceCode: string | undefined): Division[] {
  if (provinceCode === undefined) return [...divisions];
  return divisions.filter((d) => d.code.startsWith(provinceCode.slice(0, 2)));
}

// Board names repeat across millions of messages; a bounded memo avoids rescanning the table.
const MEMO_LIMIT = 10_000;
const memo = new Map<string, Region>();

/** Resolves province, city, county and the most specific code from one or more hints. */
export function resolveRegion(...hints: (string | null | undefined)[]): Region {
  const text = hints.filter((h): h is string => typeof h === 'string').join(' ');
  const known = memo.get(text);
  if (known !== undefined) return { ...known };
  const region = resolveText(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, region);
  return { ...region };
}

function resolveText(text: string): Region {
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
  if (code !== undefined) {
    const fromCode = regionFromCode(code);
    if (fromCode.province !== null) return fromCode;
  }
  const idx = index();
  const province = findFirst(text, idx.provinces, false)?.division;
  const county = findFirst(text, within(idx.counties, province?.code))?.division;
  const city =
    county !== undefined
      ? idx.byCode.get(`${county.code.slice(0, 4)}00`)
      : findFirst(text, within(idx.prefectures, province?.code))?.division;
  const most = county ?? city ?? province;
  if (most === undefined) return EMPTY;
  return { ...regionFromCode(most.code), code: most.code };
}
