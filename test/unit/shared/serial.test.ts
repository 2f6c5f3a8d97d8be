import { describe, expect, it } from 'vitest';

import { Serial } from '../../../src/shared/serial.js';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('Serial', () => {
  it('runs sections one at a time in the order they were queued', async () => {
    const serial = new Serial();
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const section = (name: string) => async () => {
      most = Math.max(most, ++inside);
      log.push(`${name}+`);
      await tick();
      log.push(`${name}-`);
      inside--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => serial.run(section(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(most).toBe(1);
  });

  it('goes on after a section that fails, and hands the failure to its caller only', async () => {
    const serial = new Serial();
    const failed = serial.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const next = serial.run(async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });
});
