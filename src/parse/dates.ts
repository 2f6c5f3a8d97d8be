/**
 * Chinese board timestamps → UTC `Date`. Pure: relative forms (3分钟前, 昨天 12:30) are resolved
 * against the caller's `now`, never the clock. Wall-clock times are read as Asia/Shanghai
 * (UTC+08:00; China has had no DST since 1991, so a fixed offset is exact for board data).
 */
import { ParseError } from '../shared/errors.js';

/** Options for {@link parseChineseDate}. */
export interface ParseDateOptions {
  /** The reference instant for relative forms (刚刚, 3分钟前, 昨天 12:30, 09-03 without year). */
  now: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-30 once its fake 1900-02-29 (serial 60) is accounted for.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

/** Shanghai wall time → UTC instant, or null when a field is out of range (2月30日, 25:00). */
export function shanghaiToUtc(t: WallTime): Date | null {
  const { year, month, day, hour = 0, minute = 0, second = 0 } = t;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - SHANGHAI_OFFSET_MS);
}

function shanghaiDay(now: Date, daysBack: number): WallTime {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS - daysBack * DAY_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * Numbers by magnitude: ≥ 1e11 is epoch milliseconds (1973 onward), ≥ 1e8 is epoch seconds,
 * 1 ≤ n < 1e5 is an Excel serial day (fraction = Shanghai time of day). Anything else is not a
 * date we can tell apart from a count or an id.
 */
function fromNumber(n: number): Date | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n >= 1e11 && n < 1e14) return new Date(Math.round(n));
  if (n >= 1e8 && n < 1e11) return new Date(Math.round(n * 1000));
  if (n >= 1 && n < 1e5) {
    // Serials before 61 sit before Excel's phantom leap day; they need one day less offset.
    const days = n < 61 ? n + 1 : n;
    // Rounded to the second: a float day fraction such as .5208333 is never exact.
    return new Date(Math.round((EXCEL_EPOCH_MS + days * DAY_MS) / 1000) * 1000 - SHANGHAI_OFFSET_MS);
  }
  return null;
}

const TIME = String.raw`(?:\s*(上午|下午|晚上)?\s*(\d{1,2})(?::|时|點|点)(\d{1,2})(?:(?::|分)(\d{1,2})秒?)?分?)?`;
const YMD = new RegExp(String.raw`(?<!\d)(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?(?:T|\s*)` + TIME);
const MD = new RegExp(String.raw`^(\d{1,2})(?:-|月)(\d{1,2})[日号]?` + TIME + '$');
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function hourOf(meridiem: string | undefined, hour: number): number {
  // 下午 3:00 is 15:00; 下午 12:30 stays 12:30.
  return (meridiem === '下午' || meridiem === '晚上') && hour < 12 ? hour + 12 : hour;
}

function wallFrom(m: RegExpExecArray, first: number, base: Partial<WallTime>): WallTime {
  const num = (i: number): number | undefined => (m[i] === undefined ? undefined : Number(m[i]));
  const hour = num(first + 1);
  return {
    year: base.year ?? num(first - 3) ?? 0,
    month: base.month ?? num(first - 2) ?? 0,
    day: base.day ?? num(first - 1) ?? 0,
    ...(hour === undefined ? {} : { hour: hourOf(m[first], hour) }),
    ...(m[first + 2] === undefined ? {} : { minute: Number(m[first + 2]) }),
    ...(m[first + 3] === undefined ? {} : { second: Number(m[first + 3]) }),
  };
}

function fromAbsolute(s: string): Date | null {
  if (ISO_ZONED.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = YMD.exec(s);
  return m === null ? null : shanghaiToUtc(wallFrom(m, 4, {}));
}

/** 09-03 12:30 or 9月3日: this year in Shanghai, or last year if that would be in the future. */
function fromMonthDay(s: string, now: Date): Date | null {
  const m = MD.exec(s);
  if (m === null) return null;
  const { year } = shanghaiDay(now, 0);
  const wall = wallFrom(m, 3, { year, month: Number(m[1]), day: Number(m[2]) });
  const d = shanghaiToUtc(wall);
  if (d === null || d.getTime() <= now.getTime() + DAY_MS) return d;
  return shanghaiToUtc({ ...wall, year: year - 1 });
}

const UNIT_MS: Record<string, number> = {
  秒: 1000,
  分钟: 60_000,
  分鐘: 60_000,
  分: 60_000,
  小时: 3_600_000,
  小時: 3_600_000,
  天: DAY_MS,
  日: DAY_MS,
  周: 7 * DAY_MS,
  星期: 7 * DAY_MS,
};
const AGO = /^(\d+)\s*(秒|分钟|分鐘|分|小时|小時|天|日|周|星期)(?:之)?前$/;
const DAY_WORD = /^(今天|今日|昨天|昨日|前天)\s*(?:(\d{1,2})[:：](\d{1,2})(?::(\d{1,2}))?)?$/;
const DAYS_BACK: Record<string, number> = { 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2 };

function fromRelative(s: string, now: Date): Date | null {
  if (s === '刚刚' || s === '剛剛' || s === '刚才') return new Date(now.getTime());
  const ago = AGO.exec(s);
  if (ago !== null) return new Date(now.getTime() - Number(ago[1]) * (UNIT_MS[ago[2] ?? ''] ?? 0));
  const dw = DAY_WORD.exec(s);
  if (dw === null) return null;
  const day = shanghaiDay(now, DAYS_BACK[dw[1] ?? ''] ?? 0);
  return shanghaiToUtc({
    ...day,
    hour: Number(dw[2] ?? 0),
    minute: Number(dw[3] ?? 0),
    second: Number(dw[4] ?? 0),
  });
}

function fromDigits(s: string): Date | null {
  // 20210903 (compact date) is read before the magnitude rules, which would see seconds.
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact !== null) {
    const [, y, m, d] = compact;
    return shanghaiToUtc({ year: Number(y), month: Number(m), day: Number(d) });
  }
  return fromNumber(Number(s));
}

/**
 * Parses a board timestamp (unix s/ms, Excel serial, 2021-09-03 12:30[:05], 2021/9/3,
 * 2021年9月3日 [12:30], 3分钟前, 昨天 12:30, 前天, 刚刚) to a UTC Date; null when unparseable.
 */
export function parseChineseDate(raw: unknown, options: ParseDateOptions): Date | null {
  if (typeof raw === 'number') return fromNumber(raw);
  if (typeof raw !== 'string') return raw instanceof Date && !Number.isNaN(raw.getTime()) ? raw : null;
  const s = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(s)) return fromDigits(s);
  return fromRelative(s, options.now) ?? fromAbsolute(s) ?? fromMonthDay(s, options.now);
}

/** Like {@link parseChineseDate} but throws ParseError (ERR_PARSE_SHAPE) instead of null. */
export function parseChineseDateStrict(raw: unknown, options: ParseDateOptions): Date {
  const d = parseChineseDate(raw, options);
  if (d === null) {
    // The raw value is a timestamp, not message text, so it is safe to keep in details.
    throw new ParseError('unparseable date', {
      code: 'ERR_PARSE_SHAPE',
      details: { raw: typeof raw === 'string' ? raw.slice(0, 64) : String(raw) },
    });
  }
  return d;
}
