import { describe, expect, it } from 'vitest';

import { BlockRulesSchema, detectBlock, findMarker } from '../../../src/fetch/block-detection.js';

const CAPTCHA = '<html><body><div id="captcha">访问过于频繁，请输入验证码</div></body></html>';
const rules = BlockRulesSchema.parse({ markers: ['#captcha', '访问过于频繁', { selector: 'form[action*=verify]' }] });
const input = (text: string, contentType = 'text/html', status = 200) => ({ url: 'http://u:p@h.cn/x', status, contentType, text });

describe('findMarker', () => {
  it('finds selectors and text, reporting the marker not the body', () => {
    expect(findMarker(CAPTCHA, ['#captcha'])).toBe('selector:#captcha');
    expect(findMarker(CAPTCHA, ['访问过于频繁'])).toBe('text:访问过于频繁');
    expect(findMarker('<form action="/verify"></form>', [{ selector: 'form[action*=verify]' }])).toBe('selector:form[action*=verify]');
    expect(findMarker('<p>正常页面</p>', rules.markers)).toBeUndefined();
  });
});

describe('detectBlock', () => {
  it('defaults to 403 as the block status', () => {
    const error = detectBlock(input('', 'text/html', 403), BlockRulesSchema.parse({}));
    expect(error).toMatchObject({ name: 'BlockedError', code: 'ERR_BLOCKED_STATUS', disposition: 'retry' });
    expect(error?.message).not.toContain('u:p');
  });

  it('turns a marker into ERR_BLOCKED_MARKER', () => {
    expect(detectBlock(input(CAPTCHA), rules)).toMatchObject({ code: 'ERR_BLOCKED_MARKER', details: { marker: 'selector:#captcha' } });
  });

  it('skips JSON bodies unless asked, since messages may quote the marker text', () => {
    const json = JSON.stringify({ content: '访问过于频繁怎么办' });
    expect(detectBlock(input(json, 'application/json'), rules)).toBeUndefined();
    const strict = BlockRulesSchema.parse({ markers: ['访问过于频繁'], checkJson: true });
    expect(detectBlock(input(json, 'application/json'), strict)?.code).toBe('ERR_BLOCKED_MARKER');
  });

  it('rejects invalid rules', () => {
    expect(() => BlockRulesSchema.parse({ markers: [''] })).toThrow();
    expect(() => BlockRulesSchema.parse({ statuses: [999] })).toThrow();
  });
});
