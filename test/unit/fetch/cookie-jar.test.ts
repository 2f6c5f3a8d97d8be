import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { CookieJar, defaultPath, domainMatches, parseSetCookie, pathMatches } from '../../../src/fetch/cookie-jar.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const jarAt = (clock: { ms: number }): CookieJar => new CookieJar({ now: () => clock.ms });

describe('matching rules', () => {
  it('matches domains and subdomains, never IPs by suffix', () => {
    expect(domainMatches('liuyan.people.com.cn', 'people.com.cn')).toBe(true);
    expect(domainMatches('people.com.cn', 'people.com.cn')).toBe(true);
    expect(domainMatches('evilpeople.com.cn', 'people.com.cn')).toBe(false);
    expect(domainMatches('1.2.3.4', '2.3.4')).toBe(false);
  });

  it('matches paths per RFC 6265', () => {
    expect(pathMatches('/threads/list', '/threads')).toBe(true);
    expect(pathMatches('/threads', '/threads')).toBe(true);
    expect(pathMatches('/threadsX', '/threads')).toBe(false);
    expect(pathMatches('/a/b', '/a/')).toBe(true);
    expect(defaultPath(new URL('http://h/a/b/c'))).toBe('/a/b');
    expect(defaultPath(new URL('http://h/a'))).toBe('/');
  });
});

describe('parseSetCookie', () => {
  const url = new URL('https://liuyan.people.com.cn/threads/list?fid=1');

  it('parses attributes', () => {
    const cookie = parseSetCookie('__jsluid_s=abc123; Path=/; Domain=.people.com.cn; HttpOnly; Secure; Max-Age=60', url, NOW);
    expect(cookie).toEqual({
      name: '__jsluid_s',
      value: 'abc123',
      domain: 'people.com.cn',
      path: '/',
      hostOnly: false,
      secure: true,
      httpOnly: true,
      expiresAt: NOW + 60_000,
    });
  });

  it('defaults to a host-only cookie on the default path', () => {
    expect(parseSetCookie('sid=1', url, NOW)).toMatchObject({ domain: 'liuyan.people.com.cn', hostOnly: true, path: '/threads' });
  });

  it('lets Max-Age win over Expires in any order', () => {
    const cookie = parseSetCookie('a=1; Max-Age=10; Expires=Wed, 01 Jan 2030 00:00:00 GMT', url, NOW);
    expect(cookie?.expiresAt).toBe(NOW + 10_000);
    const byDate = parseSetCookie('a=1; Expires=Wed, 01 Jan 2030 00:00:00 GMT', url, NOW);
    expect(byDate?.expiresAt).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('rejects a Domain that does not cover the host, and malformed pairs', () => {
    expect(parseSetCookie('a=1; Domain=example.com', url, NOW)).toBeUndefined();
    expect(parseSetCookie('novalue', url, NOW)).toBeUndefined();
    expect(parseSetCookie('=1', url, NOW)).toBeUndefined();
  });
});

describe('CookieJar', () => {
  it('sends matching cookies, most specific path first', () => {
    const clock = { ms: NOW };
    const jar = jarAt(clock);
    jar.setFromResponse('http://bbs.example.cn/forum/list', ['a=root; Path=/', 'b=forum; Path=/forum', 'c=other; Path=/other']);
    expect(jar.cookieHeader('http://bbs.example.cn/forum/list?page=2')).toBe('b=forum; a=root');
    expect(jar.cookieHeader('http://bbs.example.cn/')).toBe('a=root');
  });

  it('keeps host-only cookies on their host and domain cookies on subdomains', () => {
    const jar = jarAt({ ms: NOW });
    jar.setFromResponse('http://www.example.cn/', ['host=1; Path=/', 'dom=2; Path=/; Domain=example.cn']);
    expect(jar.cookieHeader('http://api.example.cn/')).toBe('dom=2');
    expect(jar.cookieHeader('http://www.example.cn/')).toBe('host=1; dom=2');
  });

  it('expires cookies and deletes them on Max-Age=0', () => {
    const clock = { ms: NOW };
    const jar = jarAt(clock);
    jar.setFromResponse('http://h.cn/', ['short=1; Max-Age=5', 'keep=1']);
    clock.ms += 6000;
    expect(jar.cookieHeader('http://h.cn/')).toBe('keep=1');
    jar.setFromResponse('http://h.cn/', ['keep=; Max-Age=0']);
    expect(jar.cookieHeader('http://h.cn/')).toBeUndefined();
  });

  it('replaces a cookie with the same name, domain and path but keeps its order', () => {
    const jar = jarAt({ ms: NOW });
    jar.setFromResponse('http://h.cn/', ['a=1; Path=/', 'b=2; Path=/']);
    jar.setFromResponse('http://h.cn/', ['a=3; Path=/']);
    expect(jar.cookieHeader('http://h.cn/')).toBe('a=3; b=2');
  });

  it('sends Secure cookies only over https', () => {
    const jar = jarAt({ ms: NOW });
    jar.setFromResponse('https://h.cn/', ['s=1; Secure; Path=/']);
    expect(jar.cookieHeader('http://h.cn/')).toBeUndefined();
    expect(jar.cookieHeader('https://h.cn/')).toBe('s=1');
  });

  it('accepts cookies in Playwright shape from a browser', () => {
    const jar = jarAt({ ms: NOW });
    jar.setCookies('http://127.0.0.1:8080/_challenge', [
      { name: '__jsl_clearance', value: 'v', domain: '127.0.0.1', path: '/', expires: NOW / 1000 + 3600, httpOnly: false, secure: false },
      { name: '__jsluid_s', value: 'u', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false },
      { name: 'wide', value: 'w', domain: '.example.cn', path: '/' },
    ]);
    expect(jar.cookieHeader('http://127.0.0.1:8080/_challenge')).toBe('__jsl_clearance=v; __jsluid_s=u');
    expect(jar.cookieHeader('http://a.example.cn/')).toBe('wide=w');
  });

  it('never shows values when inspected or serialised', () => {
    const jar = jarAt({ ms: NOW });
    jar.setFromResponse('http://h.cn/', ['token=SECRET-VALUE; Path=/']);
    expect(inspect(jar)).not.toContain('SECRET-VALUE');
    expect(JSON.stringify({ jar })).not.toContain('SECRET-VALUE');
    expect(jar.describe()).toEqual(['token@h.cn/']);
    expect(jar.size).toBe(1);
    jar.clear();
    expect(jar.size).toBe(0);
  });
});
