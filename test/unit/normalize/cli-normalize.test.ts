import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runNormalize } from '../../../src/cli/commands/normalize.js';

async function run(lines: string[], maskSensitive = false) {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const result = await runNormalize(Readable.from([lines.join('\n')]), output, {
    maskSensitive,
    now: new Date('2024-03-05T04:00:00Z'),
  });
  output.end();
  const out = chunks.join('').split('\n').filter((l) => l !== '');
  return { result, out: out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('runNormalize', () => {
  it('writes one normalized line per input line', async () => {
    const { result, out } = await run([
      JSON.stringify({ title: '來自網路', body: '電話13812345678', postedAt: '3分钟前', status: '办结' }),
      JSON.stringify({ title: '乾县', body: '破坏', externalId: 'a1', source: 'rednet' }),
    ], true);
    expect(result).toEqual({ lines: 2, errors: 0 });
    expect(out[0]).toMatchObject({
      title: '来自网路',
      body: '电话138******78',
      postedAt: '2024-03-05T03:57:00.000Z',
      status: { code: 'closed', raw: '办结' },
      externalId: 'line-1',
      source: 'cli',
    });
    expect(out[1]).toMatchObject({ title: '乾县', body: '破坏', externalId: 'a1', source: 'rednet' });
  });

  it('reports a bad line in place without echoing its content', async () => {
    const { result, out } = await run([
      '{"title": "secret 13812345678"',
      JSON.stringify({ title: 1, body: 'x' }),
      '',
      JSON.stringify({ title: 'ok', body: 'ok' }),
    ]);
    expect(result).toEqual({ lines: 4, errors: 3 });
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({ error: 'invalid JSON', line: 1 });
    expect(out[1]).toEqual({ error: 'title: invalid_type', line: 2 });
    expect(out[2]).toEqual({ error: 'empty line', line: 3 });
    expect(out[3]).toMatchObject({ title: 'ok' });
    expect(JSON.stringify(out)).not.toContain('13812345678');
  });
});
