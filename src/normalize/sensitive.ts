/**
 * Personal data that citizens paste into messages: mainland mobile numbers, landlines and
 * national ID numbers. Detection is conservative (ID numbers need a valid birth date, and the
 * 18-digit form a valid ISO 7064 check digit) so that order and case numbers are not flagged.
 */

/** What {@link scanSensitive} found. */
export interface SensitiveFlags {
  phone: boolean;
  idNumber: boolean;
}

type Kind = 'mobile' | 'landline' | 'id18' | 'id15';

interface Match {
  kind: Kind;
  start: number;
  end: number;
}

// Digit look-arounds keep a number from matching inside a longer digit string.
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;
const ID18 = /(?<![\dXx])[1-8]\d{16}[\dXx](?![\dXx])/g;
const ID15 = /(?<!\d)[1-8]\d{14}(?!\d)/g;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** GB 11643 check digit of an 18-digit ID number. */
export function isValidIdChecksum(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] === id[17]?.toUpperCase();
}

function isValidDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isId18(s: string): boolean {
  const y = Number(s.slice(6, 10));
  const ok = y >= 1900 && y <= 2099 && isValidDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)));
  return ok && isValidIdChecksum(s);
}

function isId15(s: string): boolean {
  // The 15-digit form (issued until 1999) has a two-digit 19xx year and no check digit.
  return isValidDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
}

function collect(text: string, re: RegExp, kind: Kind, keep: (s: string) => boolean): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(re)) {
    if (keep(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** All sensitive spans, ID numbers first so that a phone pattern inside one is dropped. */
function findAll(text: string): Match[] {
  if (!/\d{7}/.test(text)) return [];
  const found = [
    ...collect(text, ID18, 'id18', isId18),
    ...collect(text, ID15, 'id15', isId15),
    ...collect(text, MOBILE, 'mobile', () => true),
    ...collect(text, LANDLINE, 'landline', () => true),
  ];
  const kept: Match[] = [];
  for (const m of found) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Which kinds of personal data occur in `text`. */
export function scanSensitive(text: string): SensitiveFlags {
  const found = findAll(text);
  return {
    phone: found.some((m) => m.kind === 'mobile' || m.kind === 'landline'),
    idNumber: found.some((m) => m.kind === 'id18' || m.kind === 'id15'),
  };
}

function maskOne(s: string): string {
  // Keep the first 3 and last 2 characters (138******78, 110***********12); hyphens stay so the
  // shape of a landline remains readable.
  return s.slice(0, 3) + s.slice(3, -2).replace(/[\dXx]/g, '*') + s.slice(-2);
}

/** Replaces every detected number by its masked form; text without numbers is returned as is. */
export function maskSensitive(text: string): string {
  const found = findAll(text);
  if (found.length === 0) return text;
  let out = '';
  let last = 0;
  for (const m of found) {
    out += text.slice(last, m.start) + maskOne(text.slice(m.start, m.end));
    last = m.end;
  }
  return out + text.slice(last);
}
