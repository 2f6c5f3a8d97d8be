import { ZodError } from 'zod';

import {
  ConfigError,
  CriticalError,
  PipelineError,
  RecordValidationError,
  StoreError,
  TransientFetchError,
} from './errors.js';

/** Network error codes worth a retry (got's default list plus undici's). */
const TRANSIENT_NET_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** MongoDB server codes that mean "try again" (node-mongodb-native's retryable set, abridged). */
const MONGO_RETRYABLE_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 134,
]);

/** Where the error was caught decides what a ZodError means. */
export type Boundary = 'config' | 'record' | 'other';

/**
 * Maps any thrown value into the pipeline's error tree; the only function that knows
 * foreign error shapes.
 */
export function classify(error: unknown, boundary: Boundary = 'other'): PipelineError {
  if (error instanceof PipelineError) return error;
  if (error instanceof ZodError) {
    const paths = error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    return boundary === 'config'
      ? new ConfigError(`Invalid config at ${paths}`, { cause: error })
      : new RecordValidationError(`Record failed validation at ${paths}`, { cause: error });
  }
  const mongo = classifyMongo(error);
  if (mongo) return mongo;
  const net = classifyNetwork(error);
  if (net) return net;
  const message = error instanceof Error ? error.message : String(error);
  return new CriticalError(`Unexpected error: ${message}`, { cause: error });
}

function classifyMongo(error: unknown): PipelineError | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('Mongo')) return undefined;
  const code = (error as { code?: unknown }).code;
  const labels = (error as { errorLabelSet?: Set<string> }).errorLabelSet;
  const isNetwork =
    error.name === 'MongoNetworkError' ||
    error.name === 'MongoNetworkTimeoutError' ||
    error.name === 'MongoServerSelectionError' ||
    error.name === 'MongoTopologyClosedError' ||
    // An operation between a client's close() and connect() (reopening it after an outage).
    error.name === 'MongoNotConnectedError' ||
    isWrappedDriverError(error);
  const retryable =
    isNetwork ||
    labels?.has('RetryableWriteError') === true ||
    labels?.has('TransientTransactionError') === true ||
    (typeof code === 'number' && MONGO_RETRYABLE_CODES.has(code));
  if (typeof code === 'number' && code === 11000) {
    return new StoreError(error.message, { cause: error, code: 'ERR_STORE_DUPLICATE' });
  }
  return new StoreError(error.message, { cause: error, fatal: !retryable });
}

/**
 * insertMany/bulkWrite wrap a driver-level failure (a connection closed mid-write) in a
 * MongoBulkWriteError without write errors or a server code; only per-document failures
 * (duplicate keys…) carry writeErrors.
 */
function isWrappedDriverError(error: Error): boolean {
  if (error.name !== 'MongoBulkWriteError') return false;
  const e = error as { code?: unknown; writeErrors?: unknown; err?: unknown };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : [];
  return writeErrors.length === 0 && e.code === undefined && e.err === undefined;
}

function classifyNetwork(error: unknown): PipelineError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = errorCode(error) ?? errorCode(error.cause);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return new TransientFetchError(`Request timed out: ${error.message}`, {
      cause: error,
      code: 'ERR_FETCH_TIMEOUT',
    });
  }
  if (code !== undefined && TRANSIENT_NET_CODES.has(code)) {
    return new TransientFetchError(`Network error ${code}`, { cause: error });
  }
  if (error.message === 'fetch failed') {
    return new TransientFetchError('Network error', { cause: error });
  }
  return undefined;
}

function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
