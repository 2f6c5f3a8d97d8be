/**
 * Every source the pipeline knows, registered explicitly (no directory scanning).
 * Adding a source: a folder under scrapers/, one line here, fixtures and a test.
 */
import type { AnySourceDefinition } from '../src/sources/define-source.js';

export const sources: readonly AnySourceDefinition[] = [];
