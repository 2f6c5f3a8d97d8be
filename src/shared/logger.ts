/**
 * The one pino root logger. Readable lines on a TTY, JSON lines otherwise; always on stderr
 * so that stdout stays free for command output. Secrets are redacted by path, and callers
 * never pass message bodies (see house style: log ids and sizes, not content).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

import type { AppConfig } from '../config/schema.js';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'headers.cookie',
  'headers["set-cookie"]',
  'headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'cookie',
  'cookies',
  '*.cookies',
  'config.mongo.uri',
  'mongo.uri',
  'uri',
  '*.password',
  'password',
];

export interface LoggerOptions {
  /** Where lines go. @default process.stderr */
  destination?: DestinationStream;
  isTty?: boolean;
}

/** Builds the root logger from config. */
export function createLogger(config: Pick<AppConfig, 'log' | 'env'>, options: LoggerOptions = {}): Logger {
  const isTty = options.isTty ?? process.stderr.isTTY === true;
  const usePretty = config.log.pretty === 'always' || (config.log.pretty === 'auto' && isTty);
  const base = { service: 'wenzheng', env: config.env };
  const opts = {
    level: config.log.level,
    base,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
  if (options.destination) return pino(opts, options.destination);
  if (usePretty) {
    return pino(opts, pretty({ colorize: isTty, destination: 2, sync: true, ignore: 'service,env,hostname,pid' }));
  }
  return pino(opts, pino.destination({ dest: 2, sync: true }));
}

/** Removes credentials from a URL before it is logged or stored in an error. */
export function stripUrlAuth(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = u.password ? '***' : '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
