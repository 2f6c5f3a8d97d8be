/**
 * Cheerio helpers shared by the HTML parsers. Parsers must be strict: a missing required node
 * is a layout change and throws ParseError (naming the selector and the page URL) instead of
 * yielding an empty record. Optional nodes use plain cheerio and may come back empty.
 */
import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

import { ParseError } from '../shared/errors.js';

/** Where a lookup happens, for error messages. */
export interface LocateContext {
  /** The page URL (never the body) so failures can be found again. */
  url: string;
}

type Root = Cheerio<AnyNode> | undefined;

/** Parses an HTML document (already decoded to a string). */
export function loadHtml(text: string): CheerioAPI {
  return cheerio.load(text);
}

const find = ($: CheerioAPI, selector: string, root: Root): Cheerio<Element> =>
  // `$()` is typed loosely (AnyNode) although a selector only ever matches elements.
  (root === undefined ? $(selector) : root.find(selector)) as Cheerio<Element>;

/** The first element matching `selector` (inside `root` when given); throws ParseError when none does. */
export function requireOne($: CheerioAPI, selector: string, ctx: LocateContext, root?: Root): Cheerio<Element> {
  const found = find($, selector, root).first();
  if (found.length === 0) {
    throw new ParseError(`required element not found: ${selector}`, {
      details: { selector, url: ctx.url },
    });
  }
  return found;
}

/** Text of the first match, with line breaks kept; throws ParseError when absent or blank. */
export function requireText($: CheerioAPI, selector: string, ctx: LocateContext, root?: Root): string {
  const text = textOf(requireOne($, selector, ctx, root));
  if (text === '') {
    throw new ParseError(`required element is empty: ${selector}`, {
      code: 'ERR_PARSE_EMPTY',
      details: { selector, url: ctx.url },
    });
  }
  return text;
}

/** Text of the first match or null when absent or blank. */
export function optionalText($: CheerioAPI, selector: string, root?: Root): string | null {
  const found = find($, selector, root).first();
  if (found.length === 0) return null;
  const text = textOf(found);
  return text === '' ? null : text;
}

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt', 'table']);

function collect(node: AnyNode, out: string[]): void {
  if (node.type === 'text') {
    out.push((node as unknown as { data: string }).data);
    return;
  }
  if (node.type !== 'tag') return;
  const el = node as Element;
  if (el.name === 'br') {
    out.push('\n');
    return;
  }
  if (el.name === 'script' || el.name === 'style') return;
  const isBlock = BLOCK_TAGS.has(el.name);
  if (isBlock) out.push('\n');
  for (const child of el.children) collect(child, out);
  if (isBlock) out.push('\n');
}

/**
 * Text content that keeps `<br>` and block boundaries (`<p>`, `<div>` …) as newlines. Runs of
 * spaces and `&nbsp;` collapse to one space, each line is trimmed and blank lines are dropped;
 * characters are never removed otherwise (stripping all spaces, as some scrapers do, destroys
 * the text).
 */
export function textOf(el: Cheerio<AnyNode>): string {
  const out: string[] = [];
  el.each((_i, node) => {
    for (const child of (node as Element).children ?? []) collect(child, out);
    if (node.type === 'text') collect(node, out);
  });
  return out
    .join('')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    // Block boundaries and <br> both become one newline; blank lines carry no text.
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

const LABEL_CELLS = 'td, th, dt, span, label, strong, b';
const SEPARATORS = /^[\s:：]+/;

function ownText(el: Cheerio<Element>): string {
  return textOf(el).replace(/\s+/g, '');
}

/**
 * Label-anchored extraction: the value next to the cell whose text is `label` (the `td` after
 * `td`/`th` 来信时间, the `dd` after `dt`), or the rest of a cell that reads `来信时间：value`.
 * Prefer this to positional paths like `tr[6]/td[2]`, which break whenever a row is added.
 * Returns null when no cell carries the label.
 */
export function labelValue($: CheerioAPI, label: string, root?: Root): string | null {
  const wanted = label.replace(/[\s:：]+/g, '');
  const cells = find($, LABEL_CELLS, root).toArray().map((el) => $(el));
  for (const cell of cells) {
    const own = ownText(cell).replace(/[:：]+$/, '');
    if (own === wanted) {
      const next = cell.next();
      if (next.length > 0) return textOf(next);
    }
  }
  for (const cell of cells) {
    const text = textOf(cell);
    const compact = text.replace(/^\s+/, '');
    if (compact.startsWith(label) && SEPARATORS.test(compact.slice(label.length))) {
      return compact.slice(label.length).replace(SEPARATORS, '').trim();
    }
  }
  return null;
}

/** Like {@link labelValue} but throws ParseError when the label is missing. */
export function requireLabel($: CheerioAPI, label: string, ctx: LocateContext, root?: Root): string {
  const value = labelValue($, label, root);
  if (value === null) {
    throw new ParseError(`required label not found: ${label}`, { details: { label, url: ctx.url } });
  }
  return value;
}
