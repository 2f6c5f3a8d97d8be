/**
 * The same issue happens in one place. Petitions on different boards are often written from
 * the same template ("关于…小区噪音扰民的投诉") and differ mainly in the place, which text
 * similarity alone weighs lightly; so two messages whose known places cannot be the same
 * (neither administrative division contains the other) are never the same issue. A message
 * with no known place is compatible with any.
 */

/** The significant prefix of a 6-digit division code: province 2, city 4, county 6 digits. */
function divisionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether two division codes (or unknowns) can describe the same place. */
export function placesCompatible(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return true;
  const pa = divisionPrefix(a);
  const pb = divisionPrefix(b);
  return pa.startsWith(pb) || pb.startsWith(pa);
}
