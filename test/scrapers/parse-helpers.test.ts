import { describe, expect, it } from 'vitest';

import { labelValue, loadHtml, optionalText, requireLabel, requireOne, requireText, textOf } from '../../src/parse/html.js';
import { absolutise, fillTemplate, pathOf, queryParam, toRelativePath, withQuery } from '../../src/parse/urls.js';
import { ParseError } from '../../src/shared/errors.js';

const ctx = { url: 'http://example.test/page' };

describe('src/parse/html', () => {
  it('keeps <br> and <p> as newlines and collapses &nbsp; runs', () => {
    const $ = loadHtml('<div id="a"><p>第一段&nbsp;&nbsp;文字</p><p>第二段<br/>第三行</p>　　缩进</div>');
    expect(textOf($('#a'))).toBe('第一段 文字\n第二段\n第三行\n缩进');
  });

  it('requireOne/requireText throw ParseError naming the selector and URL', () => {
    const $ = loadHtml('<p class="x"> </p>');
    expect(() => requireOne($, 'span.title', ctx)).toThrow(ParseError);
    try {
      requireText($, 'p.x', ctx);
    } catch (err) {
      expect(err).toMatchObject({ code: 'ERR_PARSE_EMPTY', details: { selector: 'p.x', url: ctx.url } });
    }
    expect(optionalText($, 'p.x')).toBeNull();
  });

  it('labelValue finds td after td/th, dd after dt, and label：value cells', () => {
    const $ = loadHtml(`<table><tr><td>来信时间：</td><td>2026-06-01 10:00</td></tr><tr><th>标题</th><td>小区噪音扰民</td></tr>
      <tr><td>反馈时间：2026-06-03</td></tr></table><dl><dt>来信人</dt><dd>陈***</dd></dl>`);
    expect(labelValue($, '来信时间')).toBe('2026-06-01 10:00');
    expect(labelValue($, '标题')).toBe('小区噪音扰民');
    expect(labelValue($, '反馈时间')).toBe('2026-06-03');
    expect(labelValue($, '来信人')).toBe('陈***');
    expect(labelValue($, '答复内容')).toBeNull();
    expect(() => requireLabel($, '答复内容', ctx)).toThrow(ParseError);
  });
});

describe('src/parse/urls', () => {
  it('resolves relative links to root-relative paths', () => {
    expect(toRelativePath('../ywxxtemplate/CaseDetail.aspx?CaseId=1', 'http://h/xzbmweb/x/list.aspx')).toBe('/xzbmweb/ywxxtemplate/CaseDetail.aspx?CaseId=1');
    expect(toRelativePath('detail.jspx?gdId=ab#top', 'http://h/fgw/gzjl/xjlb_1.jspx')).toBe('/fgw/gzjl/detail.jspx?gdId=ab');
    expect(absolutise('/a?b=1', 'https://h/x')).toBe('https://h/a?b=1');
    expect(pathOf('https://h/a/b?c=1')).toBe('/a/b?c=1');
  });

  it('reads and writes query parameters and fills templates', () => {
    expect(queryParam('/threads/content?tid=42', 'tid')).toBe('42');
    expect(queryParam('https://h/x?tid=', 'tid')).toBeNull();
    expect(withQuery('/front/msg/detail', { id: 7, skip: undefined })).toBe('/front/msg/detail?id=7');
    expect(fillTemplate('/list_{n}.jspx', { n: 3 })).toBe('/list_3.jspx');
    expect(() => fillTemplate('/list_{m}.jspx', { n: 3 })).toThrow();
  });
});
