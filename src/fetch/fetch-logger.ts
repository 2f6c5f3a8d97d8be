/**
 * The logger shape the fetch stage accepts: pino-compatible (object first, short lowercase
 * message second). The lead wires the real pino child logger; tests pass nothing.
 */
export interface FetchLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Drops everything; the default when no logger is given. */
export const silentLogger: FetchLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};

/** Strips credentials from a URL (got's stripUrlAuth); the rest stays: URLs are our ids. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}

/** Header names whose values are secrets; redacted in snapshots, pages and logs. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
]);

/** Copies headers with secret values replaced (cookie names are kept: they identify WAFs). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) out[lower] = value;
    else if (lower === 'cookie' || lower === 'set-cookie') {
      out[lower] = `[redacted: ${cookieNames(value)}]`;
    }
    else out[lower] = '[redacted]';
  }
  return out;
}

const ATTRIBUTE_NAMES = /^(expires|max-age|path|domain|samesite)$/i;

function cookieNames(value: string): string {
  // Set-Cookie values are joined with ", " by Headers; a name is what precedes "=" at a
  // cookie start. Expires dates contain ", " too, so only take tokens followed by "=".
  const names = [...value.matchAll(/(?:^|[;,]\s*)([^=;,\s]+)=/g)]
    .map((m) => m[1])
    .filter((n): n is string => n !== undefined && !ATTRIBUTE_NAMES.test(n));
  return names.join(', ');
}
