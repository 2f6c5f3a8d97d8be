import { describe, expect, it } from 'vitest';
import { signLiuyan } from '../../sim/liuyan/sign.js';

// Every vector of boards.md §1.5, verbatim.
const vectors = [
  ['/v1/threads/list/bw', '{"fid":5050,"showUnAnswer":1,"typeId":5,"lastItem":"","position":1,"rows":10,"orderType":2}', '22e8ff231248d4e2774c9d1b523afdf9'],
  ['/v1/threads/list/df', '{"fid":"593","showUnAnswer":1,"typeId":5,"lastItem":"","position":"0","rows":10,"orderType":2}', 'a7db9282e68f7ccceff0785b444c2194'],
  ['/v1/threads/list/df', '{"fid":"559","showUnAnswer":1,"typeId":5,"lastItem":"","position":0,"rows":10,"orderType":2}', '9f41eaf88787382c14da461be7079546'],
  ['/v1/threads/content', '{"tid":"14592777","fromTrash":0}', '18d497371f56c631390ca2f9a196b130'],
  ['/v1/forum/getTopBwForums', '{}', '3be29e33cb708b79a3802f663cf8f16e'],
  ['/v2/threads/search', '{"position":0,"keywords":"天然气","fid":null,"domainId":null,"typeId":null,"timeRange":null,"ansChecked":false,"stTime":null,"sortType":"0","page":1,"rows":10}', 'bec2facf4f2a6ea58ced5215c60e6c1c'],
] as const;

describe('signLiuyan', () => {
  it.each(vectors)('signs %s %s', (path, param, expected) => {
    expect(signLiuyan(path, param)).toBe(expected);
  });

  it('ignores the query string of the path', () => {
    const [, param, expected] = vectors[5];
    expect(signLiuyan('/v2/threads/search?sortType=0', param)).toBe(expected);
  });

  it('changes when the token or the spacing changes', () => {
    const [path, param, expected] = vectors[0];
    expect(signLiuyan(path, param, 'tok')).not.toBe(expected);
    expect(signLiuyan(path, param.replace(',', ', '))).not.toBe(expected);
  });
});
