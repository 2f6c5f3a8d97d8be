/**
 * URL helpers for parsers. Follow-up tasks carry paths relative to the source's baseUrl (which
 * config may point at a simulator or fixture server), so parsers turn every link they find
 * into a root-relative path and never keep the host they happened to see.
 */

/** Resolves `href` against `base` (a page URL) into an absolute URL string. */
export function absolutise(href: string, base: string): string {
  return new URL(href.trim(), base).toString();
}

/**
 * Resolves `href` against the page URL and returns the root-relative part (`/path?query`),
 * dropping the fragment. `../detail.aspx?id=1` on `/a/b/list.aspx` becomes `/a/detail.aspx?id=1`.
 */
export function toRelativePath(href: string, pageUrl: string): string {
  const url = new URL(href.trim(), pageUrl);
  return `${url.pathname}${url.search}`;
}

/** The root-relative path of an absolute URL (`https://h/x?y=1` → `/x?y=1`). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** One query parameter of a URL or root-relative path, or null when absent or empty. */
export function queryParam(urlOrPath: string, name: string): string | null {
  const url = new URL(urlOrPath, 'http://relative.invalid');
  const value = url.searchParams.get(name);
  return value === null || value === '' ? null : value;
}

/** Builds `path?k=v&…` with URL encoding, skipping undefined values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  return query === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Fills `{name}` placeholders (e.g. `/list_{n}.jspx`, `?offset={offset}`) from `vars`;
 * unknown placeholders are an error so that a typo in a config does not fetch `/list_{m}`.
 */
export function fillTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z][\w-]*)\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`template ${template}: no value for {${name}}`);
    return String(value);
  });
}
