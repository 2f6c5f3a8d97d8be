/**
 * Ground truth from the board simulator for tools/eval-dedup.ts: every board's first
 * `perBoard` messages (text as the simulator generates it) and the simulator's groups of
 * messages that are the same issue.
 */
import { startSimulator } from '../sim/index.js';
import { truthGroups } from '../sim/core/truth.js';
import type { DedupInput } from '../src/dedup/text.js';
import { resolveRegion } from '../src/normalize/region.js';

export interface LabelledCorpus {
  messages: Array<{ id: string; input: DedupInput; /** Posting time, ms on the simulator's clock. */ postedAt: number }>;
  /** Groups of ids that are the same issue (pairs inside a group are positives). */
  groups: string[][];
}

/** Builds the simulator corpus in-process (no HTTP needed: the World is deterministic). */
export async function simCorpus(seed: number, perBoard: number): Promise<LabelledCorpus> {
  const sim = await startSimulator({ seed, messagesPerBoard: perBoard });
  try {
    const { world } = sim;
    const messages: LabelledCorpus['messages'] = [];
    const ranges = [...world.boards.keys()].map((board) => ({ board, from: 0, to: perBoard }));
    for (const { board } of ranges) {
      const core = world.board(board);
      for (let i = 0; i < perBoard; i++) {
        const id = `${board}:${core.externalId(i)}`;
        messages.push({ id, input: simDedupInput(world, board, i), postedAt: postedOf(world, id) });
      }
    }
    // Order by posting time, as a crawl of all boards would roughly store them.
    messages.sort((a, b) => a.postedAt - b.postedAt);
    const groups = truthGroups(world, ranges).map((g) => g.members.map((m) => `${m.board}:${m.externalId}`));
    return { messages, groups };
  } finally {
    await sim.close();
  }
}

/** Message i of a simulated board as dedup sees it, with the region the pipeline gives it. */
export function simDedupInput(world: Awaited<ReturnType<typeof startSimulator>>['world'], board: string, i: number): DedupInput {
  const p = world.petitionOf(board, i);
  // The board's place, as normalization resolves it from the board name (src/normalize/region.ts).
  const place = world.board(board).placeOf(i);
  return { title: p.title, body: p.paragraphs.join('\n'), region: { code: resolveRegion(`${place.province}${place.city}`).code } };
}

function postedOf(world: Awaited<ReturnType<typeof startSimulator>>['world'], id: string): number {
  const [board = '', ...rest] = id.split(':');
  const core = world.board(board);
  const i = core.indexOf(rest.join(':'));
  return i === null ? 0 : core.timeline.postedAt(i);
}
