import {
  askLeads, closings, communityHeads, connectives, synonyms, communityTails, companyHeads, companyTails, districts, evaluationTexts, greetings, histories,
  hospitals, personal, replyBodies, services, surnames, replyClosings, replyOpenings, roadHeads, roadTails, schools, shops, topics,
  villageHeads, type Topic,
} from './corpus.js';
import type { Rng } from './prng.js';

/** Where a message is about; used to fill slots so texts mention places of their board. */
export interface Place {
  readonly province: string;
  readonly city: string;
}

export interface Petition {
  readonly topicKey: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly typeName: string;
  readonly domainName: string;
  readonly dept: string;
}

/**
 * The specifics of one petition: the estate, road, firm … it is about. A slot names the same
 * thing every time it appears in one petition (title and body agree), except a second road,
 * which is the other road of a crossing.
 */
interface Specifics {
  community: string;
  road: string;
  district: string;
  company: string;
  shop: string;
  school: string;
  hospital: string;
  village: string;
  building: string;
  bus: string;
  staff: string;
  service: string;
  window: string;
}

function specificsOf(rng: Rng, place: Place): Specifics {
  return {
    community: rng.pick(communityHeads) + rng.pick(communityTails),
    road: rng.pick(roadHeads) + rng.pick(roadTails),
    district: rng.pick(districts),
    company: rng.pick(companyHeads) + rng.pick(companyTails),
    shop: rng.pick(shops),
    school: place.city + rng.pick(schools),
    hospital: place.city + rng.pick(hospitals),
    village: `${rng.pick(villageHeads)}村`,
    building: rng.chance(0.5) ? `${rng.intRange(1, 32)}号楼` : `${rng.intRange(1, 20)}栋${rng.intRange(1, 4)}单元`,
    bus: String(rng.intRange(1, 180)),
    staff: `${rng.pick(surnames)}${rng.pick(['同志', '女士', '先生', '师傅'])}`,
    service: rng.pick(services),
    window: String(rng.intRange(1, 36)),
  };
}

function dateText(rng: Rng): string {
  const month = rng.intRange(1, 12);
  const day = rng.intRange(1, 28);
  return rng.pick([`${month}月${day}日`, `今年${month}月${day}号`, `${month}月份`, `上个月${day}号`]);
}

function fillSlots(template: string, rng: Rng, place: Place, sp: Specifics): string {
  let roads = 0;
  return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'community': return sp.community;
      case 'road': return roads++ === 0 ? sp.road : rng.pick(roadHeads) + rng.pick(roadTails);
      case 'district': return `${place.city}${sp.district}`;
      case 'company': return sp.company;
      case 'shop': return sp.shop;
      case 'school': return sp.school;
      case 'hospital': return sp.hospital;
      case 'village': return sp.village;
      case 'building': return sp.building;
      case 'bus': return sp.bus;
      case 'province': return place.province;
      case 'date': return dateText(rng);
      case 'months': return String(rng.intRange(2, 11));
      case 'years': return String(rng.intRange(2, 15));
      case 'times': return String(rng.intRange(3, 8));
      case 'money': return String(rng.intRange(3, 950) * 100);
      case 'km': return String(rng.intRange(2, 9));
      case 'age': return String(rng.intRange(28, 82));
      case 'people': return String(rng.intRange(3, 60));
      case 'time': return `${rng.intRange(6, 10)}点${rng.pick(['', '半', '多'])}`;
      case 'floor': return String(rng.intRange(2, 33));
      case 'db': return String(rng.intRange(55, 85));
      case 'family': return String(rng.intRange(2, 7));
      case 'card': return String(rng.intRange(5, 200) * 100);
      case 'staff': return sp.staff;
      case 'service': return sp.service;
      case 'window': return sp.window;
      case 'plate': return `${rng.pick(['湘', '浙', '京', '苏', '辽', '黑'])}${String.fromCharCode(65 + rng.int(8))}·${rng.intRange(10, 99)}***`;
      case 'phone': return `1${rng.pick(['3', '5', '8'])}${rng.int(10)}****${String(rng.int(10000)).padStart(4, '0')}`;
      default: return String(rng.intRange(1, 30));
    }
  });
}

const synonymPattern = new RegExp(
  Object.keys(synonyms).sort((a, b) => b.length - a.length).join('|'),
  'g',
);

/**
 * Rewords a template (before its slots are filled) with the writer's own word choices: one
 * of each `[a|b|c]`, then synonyms for common words.
 */
function vary(template: string, rng: Rng): string {
  const chosen = template.replace(/\[([^\]]+)\]/g, (_m, alternatives: string) => rng.pick(alternatives.split('|')));
  return chosen.replace(synonymPattern, (word) => (rng.chance(0.65) ? rng.pick(synonyms[word] ?? [word]) : word));
}

/** k distinct items in random order. */
function pickMany(rng: Rng, items: readonly string[], count: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0] ?? '');
  return out;
}

/**
 * Builds one petition: an optional greeting and personal note, who and where, a few facts of
 * the case in any order, what was tried, how it hurts, the ask, an optional closing. Lengths
 * run from two sentences to several paragraphs, most posts short.
 */
export function generatePetition(rng: Rng, place: Place): Petition {
  const topic: Topic = rng.pick(topics);
  const sp = specificsOf(rng, place);
  const fill = (t: string): string => fillSlots(vary(t, rng), rng, place, sp);
  // Most people state one to three facts; a few write long stories.
  const long = rng.chance(0.06);
  const factCount = Math.min(topic.details.length, long ? rng.intRange(5, 8) : 1 + Math.floor(rng.next() ** 2 * 5));
  const linkers = pickMany(rng, connectives, factCount);
  const facts = pickMany(rng, topic.details, factCount).map((t, k) => (k > 0 ? (linkers[k] ?? '') : '') + fill(t));
  const intro = (rng.chance(0.45) ? rng.pick(greetings) : '') + (rng.chance(0.25) ? fill(rng.pick(personal)) : '') + fill(rng.pick(topic.openings));
  const history = topic.key !== 'thanks' && rng.chance(0.45) ? fill(rng.pick(histories)) : '';
  const impact = rng.chance(0.55) ? fill(rng.pick(topic.impacts)) : '';
  const ask = rng.pick(askLeads) + fill(rng.pick(topic.asks)) + (rng.chance(0.5) ? rng.pick(closings) : '') + (rng.chance(0.04) ? `联系电话：${fill('{phone}')}` : '');
  // A minority of writers break a long story into paragraphs.
  const split = facts.length > 2 && rng.chance(0.5) ? 1 + rng.int(facts.length - 1) : facts.length;
  const paragraphs = [intro + facts.slice(0, split).join('')];
  if (split < facts.length) paragraphs.push(facts.slice(split).join('') + history);
  else if (history) paragraphs[0] += history;
  paragraphs.push(impact + ask);
  return {
    topicKey: topic.key,
    title: fill(rng.pick(topic.titles)),
    paragraphs,
    typeName: rng.pick(topic.types),
    domainName: topic.domain,
    dept: topic.dept,
  };
}

/** A repost weeks later: same issue, small edits (prefix, a dropped or reordered sentence). */
export function editForRepost(rng: Rng, petition: Petition): Petition {
  const paragraphs = [...petition.paragraphs];
  const first = paragraphs[0] ?? '';
  paragraphs[0] = rng.pick(['再次反映：', '之前反映过，至今未解决。', '还是这个问题，']) + first;
  if (paragraphs.length > 2 && rng.chance(0.5)) paragraphs.splice(1, 1);
  const title = rng.chance(0.5) ? `再次反映${petition.title}` : `${petition.title}！`;
  return { ...petition, title, paragraphs };
}

/** Official reply paragraphs from a named unit. */
export function generateReply(rng: Rng): string[] {
  const place = { province: '', city: '' };
  const body = fillSlots(rng.pick(replyBodies), rng, place, specificsOf(rng, place));
  return [rng.pick(replyOpenings), body, rng.pick(replyClosings)];
}

export function generateEvaluationText(rng: Rng): string {
  return rng.pick(evaluationTexts);
}
