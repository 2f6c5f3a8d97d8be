/**
 * Builds a FetchedPage from recorded bytes the way the HTTP fetcher would (same decoder, same
 * header redaction), so scraper tests and fixture replays see exactly what a live fetch gives.
 */
import type { FetchedPage } from '../shared/types.js';
import { decodeBody } from './decode.js';
import { redactHeaders } from './fetch-logger.js';

/** A recorded response: fixture bytes plus their `.meta.json`. */
export interface RecordedResponse {
  url: string;
  finalUrl?: string;
  status?: number;
  headers?: Record<string, string>;
  bytes: Uint8Array;
  fetchedAt: Date;
  /** The source's declared charset, as given to HttpFetcher's `encoding`. */
  encoding?: string;
}

/** Decodes recorded bytes into the FetchedPage a live fetch would have produced. */
export function pageFromBytes(recorded: RecordedResponse): FetchedPage {
  const headers = redactHeaders(recorded.headers ?? {});
  const decoded = decodeBody(recorded.bytes, {
    contentType: headers['content-type'],
    declared: recorded.encoding,
  });
  return {
    url: recorded.url,
    finalUrl: recorded.finalUrl ?? recorded.url,
    status: recorded.status ?? 200,
    headers,
    bytes: Uint8Array.from(recorded.bytes),
    text: decoded.text,
    charset: decoded.charset,
    fetchedAt: recorded.fetchedAt,
  };
}
