import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { runCli } from '../../../src/cli/main.js';

async function parse(args: string[], file: string) {
  const stdin = new PassThrough();
  stdin.end(readFileSync(file));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(['parse', ...args], { stdin, stdout, stderr, env: { LOG_LEVEL: 'silent' } });
  return { code, out, err };
}

describe('cli parse', () => {
  it('prints what the real parser extracts from a saved detail page', async () => {
    const url = '--url=https://liuyan.people.com.cn/threads/content?tid=18000001';
    const r = await parse(['--source=renmin', '--kind=detail', url], 'test/fixtures/renmin/detail-replied-evaluated.html');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { messages: { externalId: string; replies: unknown[] }[] };
    expect(json.messages[0]?.externalId).toBe('18000001');
    expect(json.messages[0]?.replies.length).toBeGreaterThan(0);
  });

  it('decodes a GBK page as a fetch would', async () => {
    const r = await parse(['--source=portal-dalian', '--kind=list', '--url=http://xzfw.dl.gov.cn/fgw/gzjl/xjlb_1.jspx'], 'test/fixtures/portal-dalian/list-page1.html');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { charset: string }).charset).toMatch(/gb/);
  });

  it('reports a changed layout as a parse error with exit 1', async () => {
    const url = '--url=https://liuyan.people.com.cn/threads/content?tid=18000001';
    const r = await parse(['--source=renmin', '--kind=detail', url], 'test/fixtures/renmin/detail-layout-changed.html');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { error: { code: string } }).error.code).toMatch(/^ERR_PARSE/);
  });

  it('names the valid kinds for a wrong --kind', async () => {
    const r = await parse(['--source=renmin', '--kind=nope'], 'test/fixtures/renmin/detail-pending.html');
    expect(r.code).toBe(2);
    expect(r.err).toContain('list, detail');
  });
});
