import type { SimEvaluation, SimMessage, SimReply } from '../core/message.js';
import { escapeHtml as e, formatCst } from '../http/respond.js';
import { forumOf, stateNames } from './board.js';
import { forumPath } from './forums.js';

const statusClass = { pending: 'red', processing: 'orange', replied: 'green' } as const;

function breadcrumb(m: SimMessage): string {
  const forum = forumOf(m.index);
  const chain = forumPath(forum.fid);
  const top = forum.kind === 'ministry' ? '部委领导' : '地方领导';
  const links = chain.slice(0, -1).map((f) => `<a href="/forum/list?fid=${f.fid}">${e(f.name)}</a> &gt; `).join('');
  return `<div class="path_2j w1200 grey2"><a href="/">领导留言板</a> &gt; <a href="/forum/list?type=${top === '部委领导' ? 2 : 1}">${top}</a> &gt; ${links}<i>${e(forum.name)}</i></div>`;
}

// Body paragraphs are joined with <br/>; replies indent with a full-width space like the site.
const lines = (paras: readonly string[], indent = ''): string => paras.map((p) => indent + e(p)).join('<br/>');

function question(m: SimMessage): string {
  const domain = m.index % 9 === 0 ? '' : `<em class="domainType">${e(m.petition.domainName)}</em>`;
  return `<div class="liuyan_box03 w1200 clearfix">
<h2><b><span class="context-title-text">${e(m.petition.title)}</span></b>
<em class="${statusClass[m.status]}">${stateNames[m.status]}</em>${domain}<em class="domainType">${e(m.petition.typeName)}</em></h2>
<div class="clearfix"><h3 class="fl grey2 clearfix"><span>${e(m.nick)}&nbsp;&nbsp;&nbsp;&nbsp;${formatCst(m.postedAtMs)}</span></h3></div>
<p class="zoom content">${lines(m.petition.paragraphs)}</p>
</div>`;
}

function replyItem(r: SimReply): string {
  return `<li class="reply"><span class="title">回复</span><div class="replyInfo">
<h3><i class="red">${e(r.org)}</i></h3>
<p class="zoom">${lines(r.paragraphs, '\u3000\u3000')}</p>
<h3><em class="grey2">回复时间：${formatCst(r.atMs)}</em></h3></div></li>`;
}

function stars(score: number): string {
  let out = '';
  for (let n = 1; n <= 5; n++) {
    const full = n <= score;
    out += `<img class="i-${n}-${full ? 'full' : 'empty'}" src="/static/www/images/${full ? 'star_full' : 'star_empty'}.png"/>`;
  }
  return out;
}

function evaluationItem(ev: SimEvaluation): string {
  const half = ev.grade % 1 >= 0.5 ? '<img class="icon-half" src="/static/www/images/star_half.png"/>' : '';
  return `<li class="comments"><span class="title">评价</span><div class="commentsInfo">
<div class="sec-score"><span class="sec-score_firstspan">${ev.label}</span>${stars(Math.floor(ev.grade))}${half}</div>
<div class="sec-score"><span class="wrapSpan">解决程度:<span class="red back_info">${ev.level}分</span></span>
<span class="wrapSpan">办理态度:<span class="red back_info">${ev.manner}分</span></span>
<span class="wrapSpan">办理速度:<span class="red back_info">${ev.speed}分</span></span></div>
<p class="zoom">${e(ev.text)}</p>
<em class="grey2">评价时间：${formatCst(ev.atMs)}</em></div></li>`;
}

/** The generation-A detail page (boards.md §1.4). */
export function detailPage(m: SimMessage): string {
  const forum = forumOf(m.index);
  const replies = m.replies.map(replyItem).join('\n');
  const ev = m.evaluation ? evaluationItem(m.evaluation) : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>${e(m.petition.title)} - ${e(forum.name)} - 领导留言板 - 人民网</title>
<link rel="stylesheet" href="/static/www/css/common.css"/></head>
<body><div class="header w1200"><a href="/" class="logo">人民网 领导留言板</a></div>
${breadcrumb(m)}
${question(m)}
<div class="liuyan_box04 w1200 clearfix"><span class="title">进度</span><ul class="jindu"></ul></div>
<div class="liuyan_box05 w1200 clearfix"><ul>
${replies}
${ev}
</ul></div>
<div class="footer">人民网版权所有</div></body></html>`;
}

/** What the site shows for a missing or deleted tid. */
export function notFoundPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"/><title>领导留言板 - 人民网</title></head>
<body><div class="notFound w1200"><img src="/static/www/images/404.png"/><p>页面找不到了！</p><a href="/">返回首页</a></div></body></html>`;
}
