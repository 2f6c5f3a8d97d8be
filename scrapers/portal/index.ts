/**
 * One selector-driven adapter for city mailboxes / 12345 portals (boards.md §3). Each entry of
 * sites.ts becomes its own source (`portal-<city>`) from a preset plus overrides; runtime
 * config options (sources.<id>.options) are deep-merged over that once more.
 */
import { z } from 'zod';

import { defineSource, type SeedContext, type SourceDefinition, type Task } from '../../src/sources/define-source.js';
import { isRecord } from '../shared/json-body.js';
import { PortalOptionsSchema, type PortalOptions } from './options.js';
import { listTask } from './paging.js';
import { parseDetail } from './parse-detail.js';
import { parseList } from './parse-list.js';
import { ConfigError } from '../../src/shared/errors.js';
import { portalPresets, type PortalPresetName } from './presets.js';
import { portalSites, type PortalSite } from './sites.js';

/** Plain objects merge key by key; arrays and scalars in `over` replace. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

/** The site's options schema: config values over the site's overrides over the preset. */
export function siteOptionsSchema(site: PortalSite): z.ZodType<PortalOptions> {
  const defaults = deepMerge(portalPresets[site.preset].options, site.overrides ?? {});
  return z.preprocess((raw) => deepMerge(defaults, raw ?? {}), PortalOptionsSchema);
}

function seeds(ctx: SeedContext<PortalOptions>): Task[] {
  const opts = ctx.since === null ? ctx.options : { ...ctx.options, since: ctx.since };
  const variants = opts.list.mode === 'template' ? opts.list.paths.length : 1;
  return Array.from({ length: variants }, (_v, i) => listTask(opts, 1, i));
}

export function definePortalSource(site: PortalSite): SourceDefinition<PortalOptions> {
  const preset = portalPresets[site.preset];
  return defineSource({
    id: site.id,
    name: site.name,
    baseUrl: site.baseUrl,
    notes: `preset ${site.preset}: ${preset.notes}`,
    fetch: { via: 'http', encoding: preset.encoding, concurrency: 1, minIntervalMs: 2000, ...(preset.warmupPath ? { warmupPath: preset.warmupPath } : {}) },
    block: { statuses: [403, 429], markers: [] },
    schedule: '0 */2 * * *',
    options: siteOptionsSchema(site),
    seeds,
    parse: { list: parseList, detail: parseDetail },
  });
}

export const portalSources: readonly SourceDefinition<PortalOptions>[] = portalSites.map(definePortalSource);

/**
 * A portal source from a config entry: the preset must exist and the merged options must
 * parse, or the error names the entry's field (`at` is its path in the config).
 */
export function portalSourceFromConfig(site: { id: string; name: string; baseUrl: string; preset: string; overrides: Record<string, unknown> }, at: string): SourceDefinition<PortalOptions> {
  if (!isPresetName(site.preset)) {
    throw new ConfigError(`${at}.preset: unknown preset "${site.preset}" (one of ${Object.keys(portalPresets).join(', ')})`, { code: 'ERR_SOURCE_OPTIONS' });
  }
  const source = definePortalSource({ id: site.id, name: site.name, baseUrl: site.baseUrl, preset: site.preset, overrides: site.overrides });
  const checked = source.options.safeParse({});
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${at}.overrides.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid portal ${site.id}: ${issues}`, { code: 'ERR_SOURCE_OPTIONS' });
  }
  return source;
}

function isPresetName(name: string): name is PortalPresetName {
  return Object.hasOwn(portalPresets, name);
}
