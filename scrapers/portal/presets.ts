/**
 * The four portal styles of boards.md §3.2 as presets. A new city that copies one of these
 * layouts is a sites.ts entry (preset name + overrides), not code.
 */
import type { PortalOptionsInput } from './options.js';

export interface PortalPreset {
  /** Declared charset (many city portals are GBK with the charset only in <meta>). */
  encoding: 'auto' | 'utf-8' | 'gbk' | 'gb18030';
  /** A page whose GET sets the session cookie the list API needs. */
  warmupPath?: string;
  notes: string;
  options: PortalOptionsInput;
}

// The usual city vocabulary (boards.md §3.1); sites may add their own words.
const statusMap = { 待受理: 'pending', 已受理: 'processing', 办理中: 'processing', 已回复: 'replied', 已办结: 'closed', 办理完毕: 'closed', 未回复: 'pending' } as const;

/** Style (a): paged `ul > li` list, label/value table detail (大连 JSPX portal). */
const dalian: PortalPreset = {
  encoding: 'gbk',
  notes: 'GBK, charset only in <meta>. Detail rows move: read them by label, never tr[6]/td[2].',
  options: {
    list: {
      mode: 'template', paths: ['/fgw/gzjl/xjlb_{n}.jspx'], rows: 'ul.mt10 > li',
      // Positional per the site: a[1] 信件编号, a[2] > span 标题, a[3] 类型, a[4] 状态, a[5] 办理单位.
      fields: { id: 'a:nth-of-type(1)', title: 'a:nth-of-type(2) > span', type: 'a:nth-of-type(3)', status: 'a:nth-of-type(4)', org: 'a:nth-of-type(5)' },
      link: { from: 'href', sel: 'a:nth-of-type(2)' },
    },
    detail: {
      fields: {
        id: { label: '受理编号' }, title: { label: '反映标题' }, body: { label: '反映内容' }, status: { label: '处理状态' },
        replyOrg: { label: '受理单位' }, replyBody: { label: '答复内容' }, postedAt: { label: '反映时间' }, replyAt: { label: '反馈时间' },
      },
      required: ['title', 'body'],
      idFromUrl: 'gdId=([0-9a-f]+)',
      notFoundMarkers: ['该信件不存在'],
    },
    statusMap,
  },
};

/** Style (b): `ul#wszxList` list, detail fields on `span#id` (佳木斯). */
const jiamusi: PortalPreset = {
  encoding: 'auto',
  notes: 'Two list categories (反映问题 10030002, 咨询问题 10030001) share one layout. 来信人 carries real names.',
  options: {
    list: {
      mode: 'template', paths: ['/html/zmhd/page/jms_10030002_{n}.html', '/html/zmhd/page/jms_10030001_{n}.html'], rows: 'ul#wszxList > li',
      fields: { title: 'span:nth-of-type(1) > a', type: 'span:nth-of-type(2)', org: 'span:nth-of-type(3)', status: 'span:nth-of-type(4)', postedAt: 'span:nth-of-type(5)' },
      link: { from: 'href', sel: 'span:nth-of-type(1) > a' },
    },
    detail: {
      fields: {
        author: 'span#releaseMan', postedAt: 'span#zxsj', title: 'span#title', type: 'span#conType', status: 'span#state', body: 'span#content',
        replyOrg: 'span#conDept', replyAt: 'span#replyTime', replyBody: 'span#replyContent', satisfaction: 'div#myd',
      },
      required: ['title', 'body'],
      idFromUrl: '/content/([0-9a-f-]+)\\.html',
      notFoundMarkers: ['页面不存在'],
    },
    statusMap,
  },
};

/** ASP.NET WebForms grid paged by postback, detail on `CaseDetail_lbl_*` spans (徐州 12345). */
const xuzhou: PortalPreset = {
  encoding: 'auto',
  notes: 'Paging is a postback: __VIEWSTATE is MAC-protected and must come from the previous page.',
  options: {
    list: {
      mode: 'postback', path: '/xzbmweb/ywxxtemplate/ggfw_slgs.aspx', eventTarget: 'CaseGgfwAll1$Pager', pageInput: 'CaseGgfwAll1$Pager_input',
      rows: 'tr.HeadStyleOfDataGridItemStyle', pageSize: 15,
      fields: { id: 'td:nth-of-type(2) font', title: 'td:nth-of-type(3) a', type: 'td:nth-of-type(4)', org: 'td:nth-of-type(5)', status: 'td:nth-of-type(6)' },
      // The href is "#"; the detail URL sits in onclick="window.open("../…")".
      link: { from: 'onclick', sel: 'td:nth-of-type(3) a', regex: 'window\\.open\\(\\s*["\']([^"\']+)["\']' },
    },
    detail: {
      fields: {
        title: '#CaseDetail_lbl_title', postedAt: '#CaseDetail_lbl_requestDate', body: '#CaseDetail_lbl_content', type: '#CaseDetail_lbl_CaseType',
        replyAt: '#CaseDetail_lbl_answerDate', replyBody: '#CaseDetail_lbl_AnswerContent', satisfaction: '#CaseDetail_lbl_result',
      },
      required: ['title', 'body'],
      idFromUrl: 'CaseId=(\\d+)',
      notFoundMarkers: ['该工单不存在'],
    },
    statusMap,
  },
};

const beijingFlows = {
  咨询: 'com.web.consult.consultDetail.flow', 建议: 'com.web.suggest.suggesDetail.flow', 投诉: 'com.web.complain.complainDetail.flow',
  // The 2019 API sent letterType as a number: 1 咨询, 2 建议, 3 投诉.
  '1': 'com.web.consult.consultDetail.flow', '2': 'com.web.suggest.suggesDetail.flow', '3': 'com.web.complain.complainDetail.flow',
};

/** Style (c): JSON list, HTML detail with Bootstrap class selectors (首都之窗 政民互动). */
const beijing: PortalPreset = {
  encoding: 'utf-8',
  // Without this cookie the list API answers an empty mailList instead of failing.
  warmupPath: '/hudong/hdjl/com.web.search.mailList.flow',
  notes: 'List needs the session cookie of a prior GET; each letter type has its own detail flow.',
  options: {
    list: {
      mode: 'form', path: '/hudong/hdjl/com.web.search.mailList.mailList.biz.ext', format: 'json', rows: 'mailList', pageSize: 10,
      form: { 'PageCond/begin': '{offset}', 'PageCond/length': '{size}', 'PageCond/isCount': 'true', keywords: '', orgids: '', startDate: '', endDate: '', letterType: '', letterStatue: '' },
      fields: { id: 'original_id', title: 'letter_title', type: 'letter_type', postedAt: 'create_date', status: { sel: 'isReply', map: { true: '已回复', false: '未回复' } } },
      link: { from: 'template', template: '/hudong/hdjl/{flow}?originalId={id}', lookup: { field: 'type', as: 'flow', map: beijingFlows } },
    },
    detail: {
      // Class strings sometimes end in a space; class selectors match either way.
      fields: {
        author: { sel: 'div.col-xs-10.col-lg-3.col-sm-3.col-md-4.text-muted', strip: '来信人：' },
        postedAt: 'div.col-xs-5.col-lg-3.col-sm-3.col-md-3.text-muted',
        body: 'div.col-xs-12.col-md-12.column.p-2.text-muted.mx-2',
        replyOrg: 'div.col-xs-9.col-sm-7.col-md-5.o-font4.my-2',
        replyAt: 'div.col-xs-12.col-sm-3.col-md-3.my-2',
        replyBody: 'div.col-xs-12.col-md-12.column.p-4.text-muted.my-3',
      },
      required: ['body'],
      idFromUrl: 'originalId=(AH\\d+)',
      notFoundMarkers: ['信件不存在'],
    },
    statusMap,
  },
};

export const portalPresets = { dalian, jiamusi, xuzhou, beijing } as const;
export type PortalPresetName = keyof typeof portalPresets;
