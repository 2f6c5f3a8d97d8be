import { sources, surnames } from './corpus.js';
import { statusAt, type Status } from './lifecycle.js';
import { Rng } from './prng.js';
import { generateEvaluationText, generateReply, type Petition, type Place } from './text-gen.js';
import type { World } from './world.js';

export interface SimReply {
  readonly org: string;
  readonly atMs: number;
  readonly paragraphs: readonly string[];
}

export interface SimEvaluation {
  readonly atMs: number;
  readonly level: number;
  readonly manner: number;
  readonly speed: number;
  /** Mean of the three scores; the site's label thresholds apply to it. */
  readonly grade: number;
  readonly label: string;
  readonly text: string;
}

/** Board-agnostic view of message i at one simulated instant; renderers shape it per site. */
export interface SimMessage {
  readonly board: string;
  readonly index: number;
  readonly externalId: string;
  readonly postedAtMs: number;
  readonly place: Place;
  readonly petition: Petition;
  readonly nick: string;
  readonly ip: string;
  readonly source: string;
  readonly status: Status;
  readonly replies: readonly SimReply[];
  readonly evaluation: SimEvaluation | null;
  readonly favNum: number;
  readonly views: number;
}

/** Label thresholds from the old list template (boards.md §1.4). */
export function gradeLabel(grade: number): string {
  if (grade > 4) return '很满意';
  if (grade > 3) return '满意';
  if (grade > 2) return '基本满意';
  if (grade > 1) return '不满意';
  return '很不满意';
}

function maskedNick(rng: Rng): string {
  const style = rng.int(4);
  if (style === 0) return `1${rng.pick(['3', '5', '8'])}********${rng.int(10)}`;
  if (style === 1) return `${String.fromCharCode(97 + rng.int(26))}***`;
  return `${rng.pick(surnames)}***`;
}

function maskedIp(rng: Rng): string {
  return `${rng.intRange(27, 223)}.${rng.int(256)}.${rng.int(256)}.*`;
}

/** Is message i public at `nowMs` (posted and not yet deleted)? */
export function isVisible(world: World, key: string, i: number, nowMs: number): boolean {
  if (i < 0 || i >= world.board(key).timeline.countAt(nowMs)) return false;
  const deletedAt = world.lifecycle(key, i).deletedAt;
  return deletedAt === null || deletedAt > nowMs;
}

export type OrgRule = (i: number, place: Place, petition: Petition) => string;
const defaultOrg: OrgRule = (_i, place, petition) => `${place.city}${petition.dept}`;

/** Builds message i as it looks at `nowMs`; replies and evaluation appear only once due. */
export function buildMessage(world: World, key: string, i: number, nowMs: number, orgOf: OrgRule = defaultOrg): SimMessage {
  const core = world.board(key);
  const life = world.lifecycle(key, i);
  const petition = world.petitionOf(key, i);
  const place = core.placeOf(i);
  const rng = new Rng(world.seed, core.boardId, i, 53);
  const nick = maskedNick(rng);
  const ip = maskedIp(rng);
  const source = rng.pick(sources);
  const org = orgOf(i, place, petition);
  const replies = life.replyAts
    .filter((at) => at <= nowMs)
    .map((at, n) => ({ org, atMs: at, paragraphs: generateReply(new Rng(world.seed, core.boardId, i, 59 + n)) }));
  const { level, manner, speed } = life.grades;
  const grade = Math.round(((level + manner + speed) / 3) * 10) / 10;
  const evaluation = life.evalAt !== null && life.evalAt <= nowMs
    ? { atMs: life.evalAt, level, manner, speed, grade, label: gradeLabel(grade), text: generateEvaluationText(rng) }
    : null;
  const ageDays = Math.max(0, (nowMs - core.timeline.postedAt(i)) / 86_400_000);
  return {
    board: key, index: i, externalId: core.externalId(i), postedAtMs: core.timeline.postedAt(i), place, petition,
    nick, ip, source, status: statusAt(life, nowMs), replies, evaluation,
    favNum: rng.int(5) + Math.floor(ageDays / 30), views: rng.intRange(5, 200) + Math.floor(ageDays * 3),
  };
}
