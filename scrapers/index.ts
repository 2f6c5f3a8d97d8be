/**
 * Every source the pipeline knows, registered explicitly (no directory scanning).
 * Adding a source: a folder under scrapers/, one line here, fixtures and a test.
 * Portal cities are entries of scrapers/portal/sites.ts, or of `portals` in the config.
 */
import type { AnySourceDefinition } from '../src/sources/define-source.js';
import { portalSources } from './portal/index.js';
export { portalSourceFromConfig } from './portal/index.js';
import { rednet, rednetWz } from './rednet/index.js';
import { renmin } from './renmin/index.js';

export const sources: readonly AnySourceDefinition[] = [renmin, rednet, rednetWz, ...portalSources];
