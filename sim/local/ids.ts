import { Rng } from '../core/prng.js';

// Opaque ids (hex gdId, uuids) embed the message index in their tail so they invert in O(1);
// the seeded head makes guessed ids fail verification like on the real sites.

export function hexId(boardId: number, i: number): string {
  return new Rng(boardId, i, 71).hex(24) + i.toString(16).padStart(8, '0');
}

export function indexOfHexId(boardId: number, id: string): number | null {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const i = Number.parseInt(id.slice(24), 16);
  return hexId(boardId, i) === id ? i : null;
}

export function uuidId(boardId: number, i: number): string {
  const h = new Rng(boardId, i, 73).hex(20);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${i.toString(16).padStart(12, '0')}`;
}

export function indexOfUuid(boardId: number, id: string): number | null {
  const tail = /^[0-9a-f-]{24}([0-9a-f]{12})$/.exec(id)?.[1];
  if (!tail) return null;
  const i = Number.parseInt(tail, 16);
  return uuidId(boardId, i) === id ? i : null;
}

/** Numeric ids that grow with gaps (other boards of the same system share the sequence). */
export function steppedId(base: number, stride: number, i: number): number {
  return base + i * stride + (new Rng(base, i, 79).int(stride));
}

export function indexOfStepped(base: number, stride: number, id: number): number | null {
  if (!Number.isInteger(id) || id < base) return null;
  const i = Math.floor((id - base) / stride);
  return steppedId(base, stride, i) === id ? i : null;
}

/** Newest-first indices of a 1-based page over `count` posts. */
export function pageIndices(count: number, page: number, size: number): number[] {
  const out: number[] = [];
  const top = count - 1 - (page - 1) * size;
  for (let i = top; i > top - size && i >= 0; i--) out.push(i);
  return out;
}
