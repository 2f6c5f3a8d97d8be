import { afterEach, describe, expect, it } from 'vitest';

import { AppConfigSchema } from '../../../src/config/schema.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { allSources, getSource, sourceOptions, useConfiguredSources } from '../../../src/sources/registry.js';

const hegang = { id: 'portal-hegang', name: '鹤岗市 政民互动', baseUrl: 'http://www.hegang.gov.cn', preset: 'jiamusi', overrides: { regionHint: '黑龙江省 鹤岗市' } };
const configWith = (...portals: unknown[]) => AppConfigSchema.parse({ portals });

afterEach(() => useConfiguredSources({ portals: [] }));

describe('city portals added by config', () => {
  it('become sources with the preset, the overrides and the config options', () => {
    const config = configWith(hegang);
    useConfiguredSources(config);
    const source = getSource('portal-hegang');
    expect(source).toMatchObject({ name: '鹤岗市 政民互动', baseUrl: 'http://www.hegang.gov.cn' });
    expect(source.parse).toHaveProperty('list');
    const options = sourceOptions(source, { ...config, sources: { 'portal-hegang': { enabled: true, fetch: {}, options: { maxPages: 3 } } } }) as Record<string, unknown>;
    expect(options).toMatchObject({ regionHint: '黑龙江省 鹤岗市', maxPages: 3 });
    // Same preset as 佳木斯: same list layout.
    expect((options.list as Record<string, unknown>).rows).toBe((sourceOptions(getSource('portal-jiamusi'), config) as { list: { rows: string } }).list.rows);
    expect(allSources().map((s) => s.id)).toContain('portal-hegang');
  });

  it('name the entry and field of an unknown preset, a bad override or a taken id', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...hegang, preset: 'hegang' }, 'portals[0].preset'],
      [{ ...hegang, overrides: { maxPages: 'many' } }, 'portals[0].overrides.maxPages'],
      [{ ...hegang, id: 'portal-dalian' }, 'portals[0].id'],
    ];
    for (const [entry, field] of cases) {
      expect(() => useConfiguredSources(configWith(entry)), field).toThrow(ConfigError);
      expect(() => useConfiguredSources(configWith(entry)), field).toThrow(field);
    }
    expect(() => useConfiguredSources(configWith(hegang, hegang))).toThrow('portals[1].id');
  });

  it('rejects an id outside the portal-<city> form when the config loads', () => {
    const parsed = AppConfigSchema.safeParse({ portals: [{ ...hegang, id: 'Hegang' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['portals', 0, 'id']);
  });
});
