import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

import { classify } from '../../../src/shared/classify.js';
import * as errors from '../../../src/shared/errors.js';

const errorClasses = Object.entries(errors).filter(
  ([name, value]) => typeof value === 'function' && name.endsWith('Error') && name !== 'PipelineError',
) as [string, new (message: string) => errors.PipelineError][];

describe('error tree', () => {
  it('exports the expected classes', () => {
    expect(errorClasses.map(([n]) => n).sort()).toEqual([
      'BlockedError',
      'ConfigError',
      'CriticalError',
      'NotFoundError',
      'ParseError',
      'RateLimitedError',
      'RecordValidationError',
      'StoreError',
      'TransientFetchError',
    ]);
  });

  it.each(errorClasses)('%s has its own name, a stable code and a known disposition', (name, Ctor) => {
    const err = new Ctor('boom');
    expect(err.name).toBe(name);
    expect(err.code).toMatch(/^ERR_[A-Z0-9_]+$/);
    expect(Object.values(errors.Disposition)).toContain(err.disposition);
    expect(err).toBeInstanceOf(errors.PipelineError);
  });

  it('gives every class a distinct default code', () => {
    const codes = errorClasses.map(([, Ctor]) => new Ctor('x').code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps the cause and lets callers override the code', () => {
    const cause = new Error('inner');
    const err = new errors.ParseError('outer', { cause, code: 'ERR_PARSE_SHAPE' });
    expect(err.cause).toBe(cause);
    expect(err.code).toBe('ERR_PARSE_SHAPE');
  });
});

describe('classify', () => {
  const table: [string, unknown, string, string][] = [
    ['timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), 'TransientFetchError', 'ERR_FETCH_TIMEOUT'],
    ['undici reset', Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }), 'TransientFetchError', 'ERR_FETCH_NETWORK'],
    ['mongo network', new MongoNetworkError('down'), 'StoreError', 'ERR_STORE_TRANSIENT'],
    ['mongo duplicate', new MongoServerError({ message: 'E11000', code: 11000 }), 'StoreError', 'ERR_STORE_DUPLICATE'],
    ['mongo fatal', new MongoServerError({ message: 'bad', code: 2 }), 'StoreError', 'ERR_STORE_FATAL'],
    // insertMany cut off by a closed connection: the driver wraps the network error.
    ['bulk write over a dropped connection', new MongoBulkWriteError(new MongoNetworkError('connection 1 closed'), {} as never), 'StoreError', 'ERR_STORE_TRANSIENT'],
    ['bulk write with a document error', new MongoBulkWriteError({ message: 'bad doc', code: 2, writeErrors: [{ code: 2 }] } as never, {} as never), 'StoreError', 'ERR_STORE_FATAL'],
    ['unknown', new TypeError('x is undefined'), 'CriticalError', 'ERR_CRITICAL'],
  ];
  it.each(table)('maps %s', (_label, input, name, code) => {
    const out = classify(input);
    expect(out.name).toBe(name);
    expect(out.code).toBe(code);
  });

  it('maps a ZodError by boundary', () => {
    const zerr = z.object({ a: z.number() }).safeParse({ a: 'x' }).error;
    expect(classify(zerr, 'config').name).toBe('ConfigError');
    expect(classify(zerr, 'record').name).toBe('RecordValidationError');
    expect(classify(zerr, 'record').message).toContain('a');
  });

  it('returns pipeline errors unchanged', () => {
    const e = new errors.NotFoundError('gone');
    expect(classify(e)).toBe(e);
  });
});
