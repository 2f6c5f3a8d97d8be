/**
 * Loads config: config/default.json < config/<NODE_ENV>.json < an explicit --config file
 * < environment variables. Parsed once, frozen, passed down; never imported globally.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { ConfigError } from '../shared/errors.js';
import { AppConfigSchema, type AppConfig } from './schema.js';

/** Environment variables the config reads, and where each lands. */
export const ENV_FIELDS = {
  MONGODB_URI: ['mongo', 'uri'],
  WZ_DATABASE: ['mongo', 'database'],
  WZ_DATA_DIR: ['dataDir'],
  LOG_LEVEL: ['log', 'level'],
  CHROMIUM_PATH: ['browser', 'executablePath'],
  NODE_ENV: ['env'],
} as const;

export interface LoadOptions {
  configDir?: string;
  /** An extra JSON file layered over the defaults. */
  file?: string | undefined;
  env?: Record<string, string | undefined>;
}

/** Reads, merges and validates the config; throws ConfigError naming every bad field. */
export function loadConfig(options: LoadOptions = {}): Readonly<AppConfig> {
  const env = options.env ?? process.env;
  const dir = options.configDir ?? path.resolve('config');
  const envName = env.NODE_ENV ?? 'development';
  let merged: Record<string, unknown> = {};
  for (const file of [path.join(dir, 'default.json'), path.join(dir, `${envName}.json`), options.file]) {
    if (file && existsSync(file)) merged = deepMerge(merged, readJson(file));
    else if (file && file === options.file) throw new ConfigError(`Config file not found: ${file}`);
  }
  for (const [name, target] of Object.entries(ENV_FIELDS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged = setPath(merged, target, value);
  }
  const parsed = AppConfigSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(`Invalid config:\n${z.prettifyError(parsed.error)}`, {
      code: 'ERR_CONFIG_INVALID',
      details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
    });
  }
  return deepFreeze(parsed.data);
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error('top level must be an object');
    }
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else in `over` replaces `base`. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function setPath(obj: Record<string, unknown>, keys: readonly string[], value: string): Record<string, unknown> {
  const [head, ...rest] = keys;
  if (head === undefined) return obj;
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = isPlainObject(obj[head]) ? obj[head] : {};
  return { ...obj, [head]: setPath(child, rest, value) };
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (isPlainObject(value) || Array.isArray(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
