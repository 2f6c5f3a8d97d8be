import type { SimMessage } from '../core/message.js';
import { mix } from '../core/prng.js';
import { domainIds, forumOf, stateNames, typeIds } from './board.js';
import { forumPath } from './forums.js';

const sec = (ms: number): number => Math.floor(ms / 1000);

export function fullText(m: SimMessage): string {
  return m.petition.paragraphs.join('\n');
}

/** List endpoints cut the body at about 100 characters and append `...`. */
export function truncated(text: string): string {
  const flat = text.replace(/\n/g, '');
  return flat.length > 100 ? `${flat.slice(0, 100)}...` : flat;
}

function processInfo(m: SimMessage): string {
  if (m.status === 'pending') return '未交办';
  return m.status === 'processing' ? '已交办' : '已办结';
}

/**
 * Row of the form-POST list API (boards.md §1.3), full key set. Generation C leaves the answer
 * fields empty even for handled rows, as observed in 2026.
 */
export function formListRow(m: SimMessage, generation: 'A' | 'C'): Record<string, unknown> {
  const forum = forumOf(m.index);
  const tid = Number(m.externalId);
  const reply = generation === 'A' ? m.replies[m.replies.length - 1] : undefined;
  const ev = m.evaluation;
  return {
    tid, userId: 1_000_000 + (mix(tid, 3) % 90_000_000), fid: forum.fid,
    typeId: typeIds[m.petition.typeName] ?? 2, domainId: domainIds[m.petition.domainName] ?? 19, topicId: 0,
    nickName: m.nick, subject: m.petition.title, content: truncated(fullText(m)),
    dateline: sec(m.postedAtMs), ip: m.ip,
    stateInfo: stateNames[m.status], traceInfo: m.status === 'replied' ? (ev ? '已评价' : '已回复待评价') : '',
    processInfo: processInfo(m), hasReported: false,
    favNum: m.favNum, forumName: forum.name, typeName: m.petition.typeName, domainName: m.petition.domainName,
    sourceName: m.source,
    answerId: reply ? tid * 10 + m.replies.length : null,
    answerContent: reply ? reply.paragraphs.join('') : generation === 'C' ? '' : null,
    answerDateline: reply ? sec(reply.atMs) : null,
    answerOrganization: reply ? reply.org : null,
    userType: 1, threadState: 1, publicAttachment: null, userFavStatus: 0,
    grade: ev ? ev.grade : null, gradeLevel: ev ? ev.level : null, gradeManner: ev ? ev.manner : null, gradeSpeed: ev ? ev.speed : null,
    trashRecheckState: 0, attachment: '', threadsCheckTime: sec(m.postedAtMs) + 600 + (tid % 7200),
    from: ` ${m.place.province} ${m.place.city}`, shisiwu: false,
  };
}

/** Row of the signed API lists and search (the 39 columns of boards.md §1.5). */
export function signedRow(m: SimMessage): Record<string, unknown> {
  const forum = forumOf(m.index);
  const tid = Number(m.externalId);
  const last = m.replies[m.replies.length - 1];
  const path = forumPath(forum.fid).map((f) => f.name);
  return {
    tid, fid: forum.fid, forumName: forum.name, subject: m.petition.title, nickName: m.nick,
    typeId: typeIds[m.petition.typeName] ?? 2, domainId: domainIds[m.petition.domainName] ?? 19,
    typeName: m.petition.typeName, domainName: m.petition.domainName, stateInfo: stateNames[m.status],
    createDateline: sec(m.postedAtMs), dateline: sec(m.postedAtMs), userType: 1, videoDuration: null,
    content: truncated(fullText(m)), threadsCheckTime: sec(m.postedAtMs) + 600, attachment: null, threadState: 1,
    lastAnswerTime: last ? sec(last.atMs) : null,
    feedbackState: m.evaluation ? 2 : 0, processState: m.status === 'pending' ? 0 : 1, traceState: m.replies.length,
    traceStateDesc: m.status !== 'replied' ? '' : m.evaluation ? '已评价' : '已回复待评价',
    fav: 0, favNum: m.favNum, likesNum: m.favNum * 2, position: forum.kind === 'ministry' ? 1 : 0, markState: 0,
    publicAttachment: null, publicState: 1, lastUpdate: sec(last?.atMs ?? m.postedAtMs), collectId: null, topicId: 0,
    satisfactionType: m.evaluation ? m.evaluation.level : null,
    // forumPathName drops the city level (河南省林州市委书记).
    forumPathName: path.length > 2 ? `${path[0] ?? ''}${forum.name}` : forum.name,
    leaderAttention: 0, hurryAuthority: 0, readState: 1, threadPlace: m.place.city,
  };
}
