import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { attachResponse, ErrorSnapshotter, responseOf } from '../../../src/fetch/error-snapshots.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { BlockedError, ParseError } from '../../../src/shared/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snapshots-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const withResponse = <E extends Error>(error: E): E => {
  attachResponse(error, {
    url: 'http://user:pw@h.cn/x',
    finalUrl: 'http://h.cn/x',
    status: 403,
    headers: { 'set-cookie': 'sid=SECRET; Path=/', 'content-type': 'text/html', cookie: 'a=SECRET2' },
    bytes: Buffer.from('<div id="captcha"></div>'),
  });
  return error;
};

describe('ErrorSnapshotter', () => {
  it('saves the first occurrence of each code per source, with cookies redacted', async () => {
    const snapshotter = new ErrorSnapshotter(dir, { clock: new FixedClock(Date.parse('2026-01-02T03:04:05.678Z')) });
    const files = await snapshotter.capture('example-board', withResponse(new BlockedError('blocked')));
    expect(files?.bodyPath).toBe(join(dir, 'example-board', 'ERR_BLOCKED_STATUS-2026-01-02T03-04-05-678Z.bin'));
    expect(await snapshotter.capture('example-board', withResponse(new BlockedError('again')))).toBeUndefined();
    expect(await snapshotter.capture('other-board', withResponse(new BlockedError('other')))).toBeDefined();
    expect(await readFile(files?.bodyPath ?? '', 'utf8')).toBe('<div id="captcha"></div>');
    const meta = await readFile(files?.metaPath ?? '', 'utf8');
    expect(meta).not.toContain('SECRET');
    expect(meta).not.toContain('pw@');
    expect(JSON.parse(meta)).toMatchObject({
      status: 403,
      headers: { 'set-cookie': '[redacted: sid]', cookie: '[redacted: a]', 'content-type': 'text/html' },
      error: { code: 'ERR_BLOCKED_STATUS', name: 'BlockedError' },
    });
    expect(await readdir(join(dir, 'example-board'))).toHaveLength(2);
  });

  it('skips errors without a response and keeps the body off the error object', async () => {
    const snapshotter = new ErrorSnapshotter(dir);
    expect(await snapshotter.capture('s', new ParseError('no response'))).toBeUndefined();
    const error = withResponse(new ParseError('x'));
    expect(JSON.stringify(error)).not.toContain('captcha');
    expect(responseOf(error)?.status).toBe(403);
  });
});
