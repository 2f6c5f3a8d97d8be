import {
  communities, companies, districts, evaluationTexts, replyBodies, replyClosings, replyOpenings,
  roads, topics, type Topic,
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

function fillSlots(template: string, rng: Rng, place: Place, district: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'community': return rng.pick(communities);
      case 'road': return rng.pick(roads);
      case 'district': return `${place.city}${district}`;
      case 'company': return rng.pick(companies);
      case 'province': return place.province;
      case 'months': return String(rng.intRange(2, 11));
      case 'years': return String(rng.intRange(2, 9));
      case 'times': return String(rng.intRange(3, 8));
      case 'money': return String(rng.intRange(3, 90) * 1000);
      default: return String(rng.intRange(1, 30));
    }
  });
}

function pickMany(rng: Rng, items: readonly string[], count: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0] ?? '');
  return out;
}

/** Builds one petition; length varies from one short paragraph to several long ones. */
export function generatePetition(rng: Rng, place: Place): Petition {
  const topic: Topic = rng.pick(topics);
  const district = rng.pick(districts);
  const fill = (t: string): string => fillSlots(t, rng, place, district);
  const details = pickMany(rng, topic.details, rng.intRange(1, topic.details.length)).map(fill);
  // A minority of writers split into a second paragraph; keeps the length distribution skewed.
  const split = details.length > 2 && rng.chance(0.4) ? 2 : details.length;
  const paragraphs = [fill(rng.pick(topic.openings)) + details.slice(0, split).join('')];
  if (split < details.length) paragraphs.push(details.slice(split).join(''));
  paragraphs.push(fill(rng.pick(topic.asks)));
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
  const body = fillSlots(rng.pick(replyBodies), rng, { province: '', city: '' }, '');
  return [rng.pick(replyOpenings), body, rng.pick(replyClosings)];
}

export function generateEvaluationText(rng: Rng): string {
  return rng.pick(evaluationTexts);
}
