/**
 * Byte-level decoding of response bodies. Chinese government boards still serve GBK/GB2312
 * pages, often with the charset declared only in a `<meta>` tag, sometimes not at all, and
 * sometimes with a Content-Type header that lies; the order below handles each case.
 */

/** Where the charset used for decoding came from. */
export const CharsetSource = {
  Bom: 'bom',
  Declared: 'declared',
  Header: 'header',
  Meta: 'meta',
  Sniff: 'sniff',
} as const;
export type CharsetSource = (typeof CharsetSource)[keyof typeof CharsetSource];

/** Inputs besides the bytes that may name a charset. */
export interface DecodeHints {
  /** The response's Content-Type header, e.g. `text/html; charset=gbk`. */
  contentType?: string | undefined;
  /** A charset the source definition declares; wins over the header because sites lie. */
  declared?: string | undefined;
}

export interface DecodedBody {
  text: string;
  /** The WHATWG name of the charset used (`utf-8`, `gb18030`, `big5`, …). */
  charset: string;
  source: CharsetSource;
}

/** Leading bytes scanned for `<meta charset>`: the HTML prescan's 1024, with slack. */
const META_SCAN_BYTES = 2048;

/**
 * GBK and GB2312 pages routinely contain characters outside those tables (names, rare
 * characters typed via GB18030 input methods); gb18030 is a strict superset, so decoding with
 * it never loses text that a gbk decoder would turn into U+FFFD.
 */
const SUPERSET: Readonly<Record<string, string>> = { gbk: 'gb18030' };

/**
 * Maps a charset label (`GB2312`, `x-gbk`, `UTF8`, …) to the WHATWG encoding name we decode
 * with, or `undefined` when the label is unknown to TextDecoder.
 */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const cleaned = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (cleaned === '') return undefined;
  const candidates = cleaned === 'utf8' ? ['utf-8'] : [cleaned];
  for (const candidate of candidates) {
    try {
      const encoding = new TextDecoder(candidate).encoding;
      return SUPERSET[encoding] ?? encoding;
    } catch {
      // RangeError: unknown label; fall through to undefined.
    }
  }
  return undefined;
}

/** Extracts the `charset=` parameter of a Content-Type header. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2];
}

/** Finds a charset in a byte-order mark; returns the encoding and the BOM length. */
export function charsetFromBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { charset: 'utf-8', length: 3 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  return undefined;
}

/**
 * Looks for `<meta charset=…>`, `<meta http-equiv="Content-Type" content="…; charset=…">` or an
 * XML declaration's `encoding=` in the first bytes. Every charset we care about is
 * ASCII-compatible, so reading the prefix as latin1 is safe for the tag syntax.
 */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SCAN_BYTES))
    .toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml?.[1] !== undefined) return xml[1];
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag[0]);
    if (charset?.[1] !== undefined) return charset[1];
  }
  return undefined;
}

/** True when the bytes are valid UTF-8 (pure ASCII counts). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a response body. Order: BOM (unambiguous, and the WHATWG decode algorithm lets it
 * override everything, so we do too), the source's declared charset, the Content-Type
 * charset, the meta prescan, then sniffing: valid UTF-8 is UTF-8, anything else on these
 * boards is GB-family, so gb18030. Pure: no I/O.
 */
export function decodeBody(bytes: Uint8Array, hints: DecodeHints = {}): DecodedBody {
  const bom = charsetFromBom(bytes);
  if (bom !== undefined) {
    const text = decodeWith(bom.charset, bytes.subarray(bom.length));
    return { text, charset: bom.charset, source: CharsetSource.Bom };
  }
  const ordered: [CharsetSource, () => string | undefined][] = [
    [CharsetSource.Declared, () => hints.declared],
    [CharsetSource.Header, () => trustedHeaderCharset(hints.contentType, bytes)],
    [CharsetSource.Meta, () => charsetFromMeta(bytes)],
  ];
  for (const [source, find] of ordered) {
    const charset = normalizeCharset(find());
    if (charset !== undefined) return checkedDecode(charset, source, bytes);
  }
  const sniffed = isValidUtf8(bytes) ? 'utf-8' : 'gb18030';
  return { text: decodeWith(sniffed, bytes), charset: sniffed, source: CharsetSource.Sniff };
}

const GB_FAMILY = new Set(['gbk', 'gb18030', 'gb2312']);

/**
 * Boards misdeclare their charset (a UTF-8 header on GBK bytes after a server move, or the
 * reverse), and trusting the label would store mojibake as if it were text. The bytes
 * settle it when they can: GBK text with Chinese in it is practically never valid UTF-8,
 * and UTF-8 Chinese decodes as GBK without errors but as nonsense. So a label that the
 * bytes contradict is overridden by what the bytes are.
 */
function checkedDecode(charset: string, source: CharsetSource, bytes: Uint8Array): DecodedBody {
  if (charset === 'utf-8' && !isValidUtf8(bytes)) {
    return { text: decodeWith('gb18030', bytes), charset: 'gb18030', source: CharsetSource.Sniff };
  }
  if (GB_FAMILY.has(charset) && hasNonAscii(bytes) && isValidUtf8(bytes)) {
    return { text: decodeWith('utf-8', bytes), charset: 'utf-8', source: CharsetSource.Sniff };
  }
  return { text: decodeWith(charset, bytes), charset, source };
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/**
 * Java servers (Tomcat's default) label GBK pages `charset=ISO-8859-1`; a Latin-1 header is
 * therefore only trusted when the page itself does not name a charset.
 */
function trustedHeaderCharset(contentType: string | undefined, bytes: Uint8Array): string | undefined {
  const label = charsetFromContentType(contentType);
  const isLatin1 = normalizeCharset(label) === 'windows-1252';
  if (isLatin1 && charsetFromMeta(bytes) !== undefined) return undefined;
  return label;
}

function decodeWith(charset: string, bytes: Uint8Array): string {
  // ignoreBOM: a BOM was already handled above; a stray one later is content.
  return new TextDecoder(charset, { ignoreBOM: true }).decode(bytes);
}
