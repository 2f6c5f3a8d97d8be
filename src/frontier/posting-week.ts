/**
 * When citizens post: by day and on weekdays. A list swept at 04:00 on a Saturday finds a
 * tenth of what the same list shows at 10:00 on a Tuesday, so sweep intervals (and the
 * freshness model in bench/freshness) scale a list's average rate by the hour of the week.
 *
 * POSTING_SHARES are the shares of posts by hour of day (0-23) and by weekday (Monday
 * first), measured from the posting times of the 泰迪杯 2020 C messages (附件2 and 附件3:
 * 6,998 posts to a city's 问政 board): `npx tsx tools/posting-profile.ts
 * ../shared/data/tipdm2020c`. Only these aggregate shares are kept, no message.
 */
export const POSTING_SHARES = {
  hourly: [2.2, 1.3, 0.4, 0.3, 0.2, 0.3, 0.8, 1.4, 4.4, 6.2, 11.4, 7.9, 5.1, 5, 6.5, 8.6, 6.6, 6.9, 5, 4, 3.9, 4.1, 4.2, 3.2],
  weekday: [15.5, 19.2, 17.9, 16.3, 14.9, 7.1, 9.1],
};

const HOUR = 3_600_000;
/** The boards' clock: China Standard Time, UTC+8 all year. */
const CST_OFFSET_MS = 8 * HOUR;
/** 1970-01-01 was a Thursday: hour 3 × 24 of a Monday-first week. */
const EPOCH_HOUR_OF_WEEK = 3 * 24;

/** Intensity factor (mean 1 over the week) for each hour of a Monday-first week. */
export function weeklyProfile(shares: { hourly: number[]; weekday: number[] } = POSTING_SHARES): Float64Array {
  const h = shares.hourly.reduce((a, b) => a + b, 0);
  const w = shares.weekday.reduce((a, b) => a + b, 0);
  const out = new Float64Array(168);
  for (let i = 0; i < 168; i++) out[i] = ((shares.hourly[i % 24] ?? 0) / h) * 24 * (((shares.weekday[Math.floor(i / 24)] ?? 0) / w) * 7);
  return out;
}

/** Hour of the Monday-first week, in China Standard Time, of an instant. */
export function hourOfWeekCst(at: Date): number {
  const h = (Math.floor((at.getTime() + CST_OFFSET_MS) / HOUR) + EPOCH_HOUR_OF_WEEK) % 168;
  return h < 0 ? h + 168 : h;
}
