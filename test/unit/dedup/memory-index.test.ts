/**
 * The in-process index used by the quality evaluation links cases as the store does: a
 * message joins a case only if it is also the same issue as the case's first message.
 */
import { describe, expect, it } from 'vitest';

import { MemoryDedupIndex } from '../../../src/dedup/memory-index.js';

const DRAINS = '光明里小区南门的雨水井盖缺失了两个，晚上没有任何警示标志，前天一个骑电动车的邻居连人带车摔了进去。';
const MARKET = '另外小区西侧的早市占道经营越来越严重，摊位一直摆到机动车道上，早高峰公交车过不去只能停在路口等。';

function chain(index: MemoryDedupIndex): void {
  index.add('a', { title: '井盖缺失', body: DRAINS });
  index.add('b', { title: '井盖和早市', body: `${DRAINS}${MARKET}` });
  index.add('c', { title: '早市占道', body: MARKET });
}

describe('MemoryDedupIndex linkage', () => {
  it('does not chain a message into a case through a later member only', () => {
    const index = new MemoryDedupIndex();
    chain(index);
    expect(index.find('b')).toBe(index.find('a'));
    expect(index.find('c')).not.toBe(index.find('a'));
    // The pair itself is still confirmed (and reported).
    expect(index.pairs.map(([x, y]) => `${x}-${y}`)).toContain('c-b');
  });

  it('single linkage chains them, which is what representative linkage prevents', () => {
    const index = new MemoryDedupIndex({ linkage: 'single' });
    chain(index);
    expect(index.find('c')).toBe(index.find('a'));
  });

  it('a message like the first messages of two cases merges them', () => {
    const index = new MemoryDedupIndex();
    index.add('a', { title: '井盖缺失', body: DRAINS });
    index.add('c', { title: '早市占道', body: MARKET });
    expect(index.find('c')).not.toBe(index.find('a'));
    index.add('b', { title: '井盖和早市', body: `${DRAINS}${MARKET}` });
    expect(index.find('c')).toBe(index.find('a'));
  });
});
