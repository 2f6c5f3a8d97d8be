/**
 * A small RFC 6265 cookie jar, one per source session. Enough for WAF clearance cookies
 * (加速乐 `__jsluid_s` / `__jsl_clearance`) and session ids: Set-Cookie parsing, host-only vs
 * domain cookies, path matching, Max-Age/Expires. No public-suffix list: a Domain attribute
 * must still domain-match the host that set it, which is all a single-site scraper needs.
 * Values never leave the jar except as a Cookie header or to the browser; inspect/JSON redact.
 */
import { inspect } from 'node:util';

/** A stored cookie. `expiresAt` is epoch ms; absent for session cookies. */
export interface Cookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  expiresAt?: number;
}

/**
 * A cookie handed over from elsewhere, shaped like Playwright's `Cookie` so that
 * `context.cookies()` output can be passed as is. `expires` is epoch seconds; -1 = session.
 */
export interface CookieInput {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: number;
  secure?: boolean;
  httpOnly?: boolean;
}

/** True when `host` is `domain` or a subdomain of it (never for IP addresses). */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith(`.${domain}`) && !isIpAddress(host);
}

/** RFC 6265 §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** RFC 6265 §5.1.4 default-path: the request path up to, not including, its last slash. */
export function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/**
 * Parses one Set-Cookie header value as received from `url`. Returns `undefined` when the
 * header is malformed or its Domain does not cover the host (a cookie we must ignore).
 */
export function parseSetCookie(header: string, url: URL, nowMs: number): Cookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: Cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'),
    domain: url.hostname,
    path: defaultPath(url),
    hostOnly: true,
    secure: false,
    httpOnly: false,
  };
  let maxAgeMs: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'domain' && value !== '') {
      const domain = value.replace(/^\./, '').toLowerCase();
      if (!domainMatches(url.hostname, domain)) return undefined;
      cookie.domain = domain;
      cookie.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAgeMs = Number(value) * 1000;
    else if (key === 'expires' && maxAgeMs === undefined) {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) cookie.expiresAt = at;
    }
  }
  // Max-Age wins over Expires whatever their order (RFC 6265 §5.3 step 3).
  if (maxAgeMs !== undefined) cookie.expiresAt = nowMs + maxAgeMs;
  return cookie;
}

interface Entry {
  cookie: Cookie;
  createdSeq: number;
}

/** A cookie store for one source session. */
export class CookieJar {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #seq = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Stores the cookies of a response's Set-Cookie headers (use `headers.getSetCookie()`). */
  setFromResponse(url: string, setCookieHeaders: readonly string[]): void {
    const parsed = new URL(url);
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, parsed, this.#now());
      if (cookie !== undefined) this.#store(cookie);
    }
  }

  /** Stores cookies obtained elsewhere (a browser that passed a challenge) for `url`'s host. */
  setCookies(url: string, cookies: readonly CookieInput[]): void {
    const host = new URL(url).hostname;
    for (const input of cookies) {
      const rawDomain = input.domain ?? host;
      // Playwright reports host-only cookies without, and domain cookies with, a leading dot.
      const hostOnly = !rawDomain.startsWith('.');
      const domain = rawDomain.replace(/^\./, '').toLowerCase();
      this.#store({
        name: input.name,
        value: input.value,
        domain,
        path: input.path ?? '/',
        hostOnly,
        secure: input.secure ?? false,
        httpOnly: input.httpOnly ?? false,
        ...(isSessionExpiry(input.expires) ? {} : { expiresAt: (input.expires ?? 0) * 1000 }),
      });
    }
  }

  /** The cookies that would be sent to `url`, most specific path first. */
  getCookies(url: string): Cookie[] {
    const parsed = new URL(url);
    const now = this.#now();
    const isSecure = parsed.protocol === 'https:';
    const matching: Entry[] = [];
    for (const [key, entry] of this.#entries) {
      const { cookie } = entry;
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
        this.#entries.delete(key);
        continue;
      }
      const hostOk = cookie.hostOnly
        ? parsed.hostname === cookie.domain
        : domainMatches(parsed.hostname, cookie.domain);
      if (hostOk && pathMatches(parsed.pathname, cookie.path) && (isSecure || !cookie.secure)) {
        matching.push(entry);
      }
    }
    matching.sort((a, b) => b.cookie.path.length - a.cookie.path.length || a.createdSeq - b.createdSeq);
    return matching.map((e) => ({ ...e.cookie }));
  }

  /** The `Cookie` request header for `url`, or `undefined` when no cookie applies. */
  cookieHeader(url: string): string | undefined {
    const cookies = this.getCookies(url);
    return cookies.length === 0 ? undefined : cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Cookie names with their domains, for logs (never values). */
  describe(): string[] {
    return [...this.#entries.values()].map(({ cookie: c }) => `${c.name}@${c.domain}${c.path}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  toJSON(): { cookies: string[] } {
    return { cookies: this.describe() };
  }

  [inspect.custom](): string {
    return `CookieJar { ${this.describe().join(', ')} }`;
  }

  #store(cookie: Cookie): void {
    const key = `${cookie.domain}|${cookie.path}|${cookie.name}`;
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.#now()) {
      // An already-expired cookie is how servers delete one (RFC 6265 §5.3 step 11).
      this.#entries.delete(key);
      return;
    }
    const previous = this.#entries.get(key);
    this.#entries.set(key, { cookie, createdSeq: previous?.createdSeq ?? this.#seq++ });
  }
}

function isSessionExpiry(expires: number | undefined): boolean {
  return expires === undefined || expires < 0;
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');
}
