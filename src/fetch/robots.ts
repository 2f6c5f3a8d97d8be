/**
 * A minimal robots.txt (RFC 9309) parser and a per-host cache, for sources whose config says
 * to honour it. Supports user-agent groups, Allow/Disallow with `*` and `$`, longest match
 * wins (Allow on ties), and Crawl-delay (non-standard, but some portals set it).
 */
import { NotFoundError, type PipelineError } from '../shared/errors.js';
import { systemTimer, type Timer } from './timer.js';

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayMs?: number;
}

/** Parsed robots.txt. */
export interface RobotsRules {
  groups: Group[];
}

/** Everything allowed (no robots.txt, or a 4xx for it, per RFC 9309 §2.3.1.3). */
export const ALLOW_ALL: RobotsRules = { groups: [] };
/** Everything disallowed (robots.txt unreachable: 5xx or network, RFC 9309 §2.3.1.4). */
export const DISALLOW_ALL: RobotsRules = {
  groups: [{ agents: ['*'], rules: [{ allow: false, pattern: '/' }] }],
};

/** Parses robots.txt text; unknown lines are ignored, as the RFC asks. */
export function parseRobots(text: string): RobotsRules {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      // Consecutive user-agent lines share one group.
      if (current === undefined || !lastWasAgent) groups.push((current = { agents: [], rules: [] }));
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (current === undefined) continue;
    if ((key === 'allow' || key === 'disallow') && value !== '') {
      current.rules.push({ allow: key === 'allow', pattern: value });
    } else if (key === 'crawl-delay' && /^\d+(\.\d+)?$/.test(value)) {
      current.crawlDelayMs = Number(value) * 1000;
    }
  }
  return { groups };
}

/** The groups that apply to a user agent: those naming its product token, else `*`. */
function groupsFor(rules: RobotsRules, userAgent: string): Group[] {
  const token = (userAgent.split(/[\s/]/)[0] ?? '').toLowerCase();
  const named = rules.groups.filter((g) => g.agents.some((a) => a !== '*' && a === token));
  return named.length > 0 ? named : rules.groups.filter((g) => g.agents.includes('*'));
}

/** True when `pattern` (with `*` and a trailing `$`) matches the start of `path`. */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path);
}

/** Whether `userAgent` may fetch `url` under `rules`. */
export function isAllowed(rules: RobotsRules, url: string, userAgent: string): boolean {
  const parsed = new URL(url);
  const path = `${parsed.pathname}${parsed.search}`;
  if (path === '/robots.txt') return true;
  let best: Rule | undefined;
  for (const group of groupsFor(rules, userAgent)) {
    for (const rule of group.rules) {
      if (!patternMatches(rule.pattern, path)) continue;
      const longer = best === undefined || rule.pattern.length > best.pattern.length;
      const tieAllow = best !== undefined && rule.pattern.length === best.pattern.length && rule.allow;
      if (longer || tieAllow) best = rule;
    }
  }
  return best?.allow ?? true;
}

/** The Crawl-delay for a user agent in ms, when declared. */
export function crawlDelayMs(rules: RobotsRules, userAgent: string): number | undefined {
  return groupsFor(rules, userAgent).find((g) => g.crawlDelayMs !== undefined)?.crawlDelayMs;
}

/** Maps a failed robots.txt fetch to rules: 4xx means no rules, anything else no access. */
export function rulesAfterFailure(error: PipelineError): RobotsRules {
  const status = error.details.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? ALLOW_ALL : DISALLOW_ALL;
}

/** Loads robots.txt for an origin (`https://host:port`) and returns its rules. */
export type RobotsLoader = (robotsUrl: string) => Promise<RobotsRules>;

/** Caches robots rules per origin for `ttlMs`; concurrent lookups share one load. */
export class RobotsCache {
  readonly #load: RobotsLoader;
  readonly #ttlMs: number;
  readonly #timer: Timer;
  readonly #entries = new Map<string, { rules: Promise<RobotsRules>; loadedAt: number }>();

  /** @param ttlMs how long rules are reused; @default 24 h (RFC 9309 §2.4). */
  constructor(load: RobotsLoader, options: { ttlMs?: number; timer?: Timer } = {}) {
    this.#load = load;
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#timer = options.timer ?? systemTimer;
  }

  /** The rules for `url`'s origin, loading them when missing or stale. */
  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const now = this.#timer.now();
    const cached = this.#entries.get(origin);
    if (cached !== undefined && now - cached.loadedAt < this.#ttlMs) return cached.rules;
    const rules = this.#load(`${origin}/robots.txt`);
    this.#entries.set(origin, { rules, loadedAt: now });
    // A failed load must not be cached for a day.
    rules.catch(() => this.#entries.delete(origin));
    return rules;
  }

  /** Throws NotFoundError `ERR_ROBOTS_DISALLOWED` (skip) when robots.txt forbids `url`. */
  async assertAllowed(url: string, userAgent: string): Promise<void> {
    const rules = await this.rulesFor(url);
    if (!isAllowed(rules, url, userAgent)) {
      const origin = new URL(url).origin;
      throw new NotFoundError(`robots.txt of ${origin} disallows ${new URL(url).pathname}`, {
        code: 'ERR_ROBOTS_DISALLOWED',
        details: { url: `${origin}${new URL(url).pathname}` },
      });
    }
  }
}
