/** List-page tasks for the three paging styles (pure). */
import { fillTemplate } from '../../src/parse/urls.js';
import type { Task } from '../../src/sources/define-source.js';
import type { PortalList, PortalOptions } from './options.js';

/** Placeholder values for page `page` (1-based). */
export function pageVars(list: PortalList, page: number): Record<string, number> {
  const start = list.mode === 'template' ? list.start : 1;
  const step = list.mode === 'template' ? list.step : 1;
  return { page, n: start + (page - 1) * step, offset: (page - 1) * list.pageSize, size: list.pageSize };
}

function stopMeta(opts: PortalOptions): { sinceMs: number } {
  return { sinceMs: opts.since ? opts.since.getTime() : 0 };
}

/** Template and form lists: page `page` of list `variant` (the index into `paths`). */
export function listTask(opts: PortalOptions, page: number, variant = 0): Task {
  const list = opts.list;
  const vars = pageVars(list, page);
  const meta = { page, variant, ...stopMeta(opts) };
  if (list.mode === 'template') {
    const template = list.paths[variant] ?? list.paths[0] ?? '/';
    return { kind: 'list', path: fillTemplate(template, vars), meta };
  }
  if (list.mode === 'form') {
    const form = Object.fromEntries(Object.entries(list.form).map(([k, v]) => [k, fillTemplate(v, vars)]));
    return { kind: 'list', method: 'POST', path: list.path, form, meta };
  }
  // Postback grids show page 1 on a plain GET; later pages need the previous page's state.
  return { kind: 'list', path: list.path, meta };
}

/** ASP.NET hidden fields of the page just parsed; MAC-protected, so they are copied verbatim. */
export interface PostbackState {
  viewState: string;
  eventValidation: string | null;
  viewStateGenerator: string | null;
}

/** The POST that asks the grid for page `page`, carrying the state of page `page - 1`. */
export function postbackTask(opts: PortalOptions, page: number, state: PostbackState): Task {
  const list = opts.list;
  if (list.mode !== 'postback') throw new Error('postbackTask needs a postback list');
  const form: Record<string, string> = {
    __EVENTTARGET: list.eventTarget,
    __EVENTARGUMENT: String(page),
    __VIEWSTATE: state.viewState,
  };
  if (state.eventValidation !== null) form.__EVENTVALIDATION = state.eventValidation;
  if (state.viewStateGenerator !== null) form.__VIEWSTATEGENERATOR = state.viewStateGenerator;
  if (list.pageInput) form[list.pageInput] = String(page - 1);
  return { kind: 'list', method: 'POST', path: list.path, form, meta: { page, variant: 0, ...stopMeta(opts) } };
}
