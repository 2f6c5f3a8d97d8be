/**
 * Portal instances: one source each, because a source has one baseUrl (overridable per id in
 * config), one politeness budget and one id space. Adding a city = one entry here.
 */
import type { PortalPresetName } from './presets.js';

export interface PortalSite {
  /** Source id: `portal-<city>`; fixtures live in test/fixtures/<id>/. */
  id: string;
  name: string;
  baseUrl: string;
  preset: PortalPresetName;
  /** Deep-merged over the preset's options (arrays replace). */
  overrides?: Record<string, unknown>;
}

export const portalSites: readonly PortalSite[] = [
  {
    id: 'portal-dalian', name: '大连市 发改委 信件公开', baseUrl: 'http://xzfw.dl.gov.cn', preset: 'dalian',
    overrides: { regionHint: '辽宁省 大连市', boardName: '大连市发展和改革委员会' },
  },
  {
    id: 'portal-jiamusi', name: '佳木斯市 政民互动', baseUrl: 'http://www.jms.gov.cn', preset: 'jiamusi',
    overrides: { regionHint: '黑龙江省 佳木斯市' },
  },
  {
    id: 'portal-xuzhou', name: '徐州 12345 受理公示', baseUrl: 'http://12345.xz.gov.cn', preset: 'xuzhou',
    overrides: { regionHint: '江苏省 徐州市' },
  },
  {
    id: 'portal-beijing', name: '首都之窗 政民互动', baseUrl: 'http://www.beijing.gov.cn', preset: 'beijing',
    overrides: { regionHint: '北京市' },
  },
];
