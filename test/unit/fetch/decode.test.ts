import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import {
  charsetFromBom,
  charsetFromContentType,
  charsetFromMeta,
  decodeBody,
  normalizeCharset,
} from '../../../src/fetch/decode.js';

const TEXT = '关于小区停车难的问题：市民来信，镕堃，谢谢！';
const gbk = (s: string): Uint8Array => iconv.encode(s, 'gbk');
const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const page = (head: string, body = TEXT): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('normalizeCharset', () => {
  it.each([
    ['GBK', 'gb18030'],
    ['gb2312', 'gb18030'],
    ['x-gbk', 'gb18030'],
    ['GB18030', 'gb18030'],
    ['UTF8', 'utf-8'],
    ['"utf-8"', 'utf-8'],
    ['Big5', 'big5'],
    ['iso-8859-1', 'windows-1252'],
  ])('maps %s to %s', (label, expected) => {
    expect(normalizeCharset(label)).toBe(expected);
  });

  it('returns undefined for unknown or empty labels', () => {
    expect(normalizeCharset('no-such-charset')).toBeUndefined();
    expect(normalizeCharset('')).toBeUndefined();
    expect(normalizeCharset(undefined)).toBeUndefined();
  });
});

describe('charset sources', () => {
  it('reads the Content-Type parameter, quoted or not', () => {
    expect(charsetFromContentType('text/html; charset=GBK')).toBe('GBK');
    expect(charsetFromContentType('text/html;charset="utf-8"')).toBe('utf-8');
    expect(charsetFromContentType('application/json')).toBeUndefined();
  });

  it('reads both meta forms and the XML declaration', () => {
    expect(charsetFromMeta(utf8('<meta charset="gb2312">'))).toBe('gb2312');
    expect(charsetFromMeta(utf8('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gbk" />'))).toBe('gbk');
    expect(charsetFromMeta(utf8('<?xml version="1.0" encoding="GBK"?><rss/>'))).toBe('GBK');
    expect(charsetFromMeta(utf8('<meta name="keywords" content="留言">'))).toBeUndefined();
  });

  it('only scans the first 2 KB for meta', () => {
    const late = `${' '.repeat(3000)}<meta charset="gbk">`;
    expect(charsetFromMeta(utf8(late))).toBeUndefined();
  });

  it('recognises BOMs', () => {
    expect(charsetFromBom(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ charset: 'utf-8', length: 3 });
    expect(charsetFromBom(new Uint8Array([0xff, 0xfe]))).toEqual({ charset: 'utf-16le', length: 2 });
    expect(charsetFromBom(new Uint8Array([0x41]))).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('decodes GBK bytes declared in the Content-Type header', () => {
    const result = decodeBody(gbk(TEXT), { contentType: 'text/html; charset=GBK' });
    expect(result).toEqual({ text: TEXT, charset: 'gb18030', source: 'header' });
  });

  it('decodes GBK bytes declared only in a meta tag', () => {
    const html = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    const result = decodeBody(gbk(html), { contentType: 'text/html' });
    expect(result.text).toBe(html);
    expect(result).toMatchObject({ charset: 'gb18030', source: 'meta' });
  });

  it('sniffs undeclared GBK as gb18030 and undeclared UTF-8 as utf-8', () => {
    expect(decodeBody(gbk(TEXT))).toEqual({ text: TEXT, charset: 'gb18030', source: 'sniff' });
    expect(decodeBody(utf8(TEXT))).toEqual({ text: TEXT, charset: 'utf-8', source: 'sniff' });
  });

  it('lets a BOM win over a wrong header and strips it', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(TEXT)]);
    expect(decodeBody(bytes, { contentType: 'text/html; charset=gbk' })).toEqual({ text: TEXT, charset: 'utf-8', source: 'bom' });
  });

  it('lets a declared charset override a lying header', () => {
    const result = decodeBody(gbk(TEXT), { contentType: 'text/html; charset=utf-8', declared: 'gbk' });
    expect(result).toEqual({ text: TEXT, charset: 'gb18030', source: 'declared' });
  });

  it('ignores a Tomcat-style ISO-8859-1 header when the page names its charset', () => {
    const html = page('<meta charset="gbk">');
    const result = decodeBody(gbk(html), { contentType: 'text/html;charset=ISO-8859-1' });
    expect(result).toMatchObject({ text: html, source: 'meta' });
  });

  it('falls through an unknown header label to meta', () => {
    const html = page('<meta charset="gbk">');
    expect(decodeBody(gbk(html), { contentType: 'text/html; charset=bogus' }).source).toBe('meta');
  });

  it('decodes characters outside GBK that GB18030 has', () => {
    const rare = '𠮷'; // a CJK Extension B character: four bytes in GB18030
    const bytes = iconv.encode(rare, 'gb18030');
    expect(decodeBody(bytes, { contentType: 'text/html; charset=gbk' }).text).toBe(rare);
  });

  it('handles an empty body', () => {
    expect(decodeBody(new Uint8Array(0))).toEqual({ text: '', charset: 'utf-8', source: 'sniff' });
  });
});

describe('decodeBody with a charset the bytes contradict', () => {
  const text = '<html><body><p>小区门口道路破损严重，希望尽快维修。</p></body></html>';

  it('reads GBK bytes labelled UTF-8 as GBK', () => {
    const bytes = new Uint8Array(iconv.encode(text, 'gbk'));
    const out = decodeBody(bytes, { contentType: 'text/html; charset=utf-8' });
    expect(out.text).toBe(text);
    expect(out.charset).toBe('gb18030');
  });

  it('reads UTF-8 bytes labelled GBK as UTF-8', () => {
    const bytes = new TextEncoder().encode(text);
    const out = decodeBody(bytes, { contentType: 'text/html; charset=gbk' });
    expect(out.text).toBe(text);
    expect(out.charset).toBe('utf-8');
  });

  it('keeps a GBK label on pure ASCII', () => {
    const out = decodeBody(new TextEncoder().encode('<p>ok</p>'), { contentType: 'text/html; charset=gbk' });
    expect(out.charset).toBe('gb18030'); // GB labels normalize to their superset
  });
});
