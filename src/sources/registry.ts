/**
 * The registry of sources: the explicit array in scrapers/index.ts, checked for unique ids
 * and for options that parse against each source's schema. No directory scanning.
 */
import { z } from 'zod';

import { portalSourceFromConfig, sources } from '../../scrapers/index.js';
import type { AppConfig } from '../config/schema.js';
import { ConfigError } from '../shared/errors.js';
import type { AnySourceDefinition } from './define-source.js';

export type AnySource = AnySourceDefinition;

/** Sources added by the config (`portals`), after the built-in ones. */
let configured: readonly AnySource[] = [];

/**
 * Registers the city portals the config adds. Errors name the entry and field
 * (`portals[1].preset`, `portals[0].overrides.list.rows` …).
 */
export function useConfiguredSources(config: Pick<AppConfig, 'portals'>): void {
  const builtIn = new Set(sources.map((s) => s.id));
  const added: AnySource[] = [];
  config.portals.forEach((site, i) => {
    if (builtIn.has(site.id) || added.some((s) => s.id === site.id)) {
      throw new ConfigError(`portals[${i}].id: source id "${site.id}" is already taken`, { code: 'ERR_SOURCE_OPTIONS' });
    }
    added.push(portalSourceFromConfig(site, `portals[${i}]`));
  });
  configured = added;
}

/** All registered sources, in registration order. */
export function allSources(): readonly AnySource[] {
  const all = [...sources, ...configured];
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.id)) throw new ConfigError(`Duplicate source id: ${s.id}`);
    seen.add(s.id);
  }
  return all;
}

/** Looks up a source by id; unknown ids get a ConfigError listing the known ones. */
export function getSource(id: string): AnySource {
  const found = allSources().find((s) => s.id === id);
  if (!found) {
    const known = allSources().map((s) => s.id).join(', ') || '(none registered)';
    throw new ConfigError(`Unknown source "${id}". Known sources: ${known}`, { code: 'ERR_UNKNOWN_SOURCE' });
  }
  return found;
}

/** Parses a source's configured options with its own schema; errors name the field. */
export function sourceOptions(source: AnySource, config: AppConfig): unknown {
  const raw = config.sources[source.id]?.options ?? {};
  const parsed = source.options.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`Invalid options for source ${source.id}:\n${z.prettifyError(parsed.error)}`, {
      code: 'ERR_SOURCE_OPTIONS',
    });
  }
  return parsed.data;
}
