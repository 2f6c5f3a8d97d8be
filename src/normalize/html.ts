/**
 * HTML fragments (rednet `data.content`, liuyan `p.zoom` inner HTML) → plain text with the
 * paragraph structure kept as newlines. Cheerio parses; we walk the node tree ourselves because
 * `.text()` drops <br> and block boundaries.
 */
import { load } from 'cheerio';

/** The slice of domhandler's node shape we read (kept local so we do not import domhandler). */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

/** Elements that end a line in rendered text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'tr', 'ul', 'ol', 'table', 'section', 'article', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dd', 'dt', 'header', 'footer',
]);
/** Elements whose text is never content. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head']);

function walk(nodes: readonly HtmlNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(node.data ?? '');
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const name = node.name ?? '';
    if (SKIP_TAGS.has(name)) continue;
    if (name === 'br') {
      out.push('\n');
      continue;
    }
    const isBlock = BLOCK_TAGS.has(name);
    if (isBlock) out.push('\n');
    walk(node.children ?? [], out);
    if (isBlock) out.push('\n');
  }
}

/** Cheap test that lets plain text skip the parser entirely. */
export function looksLikeHtml(s: string): boolean {
  return s.includes('<') || s.includes('&');
}

/** Turns an HTML fragment into text: entities decoded, <br>/<p>/<div> as newlines, tags gone. */
export function htmlToText(html: string): string {
  if (!looksLikeHtml(html)) return html;
  // htmlparser2 (xml option with xmlMode off) is several times faster than parse5 and is
  // lenient with the broken markup these boards serve.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } }, false);
  const out: string[] = [];
  walk($.root().contents().toArray() as unknown as HtmlNode[], out);
  return out.join('');
}

const HIGHLIGHT_OPEN = /<label\b[^<>]*>/gi;
const HIGHLIGHT_CLOSE = /<\/label\s*>/gi;

/**
 * Removes search-hit markup (`<label style='color:#D5313F'>…</label>`, liuyan /v2 search) from
 * text fields that are otherwise plain; repeats until stable so the result is idempotent even
 * for nested or split tags.
 */
export function stripHighlight(s: string): string {
  if (!s.includes('<')) return s;
  let prev = '';
  let cur = s;
  while (cur !== prev) {
    prev = cur;
    cur = cur.replace(HIGHLIGHT_OPEN, '').replace(HIGHLIGHT_CLOSE, '');
  }
  return cur;
}
