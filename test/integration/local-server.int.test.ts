import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { closeStore, createApp, openStore } from '../../src/cli/app.js';
import { resolveServer, startLocalServer, withDirectConnection } from '../../src/store/local-server.js';
import { connectStore } from '../../src/store/mongo.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local server launcher', () => {
  it('keeps data in its directory across restarts', async () => {
    const first = await startLocalServer({ dataDir: dir });
    expect(first.embedded).toBe(true);
    expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?directConnection=true$/);
    let conn = await connectStore(first.uri, 'persist');
    await conn.db.collection('c').insertOne({ _id: 'kept' as never, n: 1 });
    await conn.close();
    await first.stop();

    const second = await startLocalServer({ dataDir: dir });
    conn = await connectStore(second.uri, 'persist');
    expect(await conn.db.collection('c').findOne({ _id: 'kept' as never })).toEqual({ _id: 'kept', n: 1 });
    await conn.close();
    await second.stop();
  });

  it('passes extra SQLite pragmas to the server (query_only refuses writes; the defaults accept them)', async () => {
    const pragmaDir = path.join(dir, 'pragmas');
    const readOnly = await startLocalServer({ dataDir: pragmaDir, sqlitePragmas: ['query_only(1)'] });
    let conn = await connectStore(readOnly.uri, 'pragmas');
    await expect(conn.db.collection('c').insertOne({ _id: 'x' as never })).rejects.toThrow();
    await conn.close();
    await readOnly.stop();

    const plain = await startLocalServer({ dataDir: pragmaDir });
    conn = await connectStore(plain.uri, 'pragmas');
    await conn.db.collection('c').insertOne({ _id: 'x' as never });
    expect(await conn.db.collection('c').countDocuments()).toBe(1);
    await conn.close();
    await plain.stop();
  });

  it('opens SQLite with its defaults (page cache bounded, WAL synced at checkpoints) unless a pragma of the same name is given', async () => {
    const plain = await startLocalServer({ dataDir: path.join(dir, 'defaults') });
    expect(plain.sqlitePragmas).toEqual(expect.arrayContaining(['cache_size(-512)', 'synchronous(normal)']));
    await plain.stop();
    const full = await startLocalServer({ dataDir: path.join(dir, 'defaults'), sqlitePragmas: ['synchronous(full)'] });
    expect(full.sqlitePragmas).toContain('synchronous(full)');
    expect(full.sqlitePragmas).toContain('cache_size(-512)');
    expect(full.sqlitePragmas).not.toContain('synchronous(normal)');
    await full.stop();
  });

  it('opens the embedded store with the configured mongo.embeddedSync', async () => {
    const app = createApp({ env: { WZ_DATA_DIR: path.join(dir, 'app'), LOG_LEVEL: 'silent' } });
    expect(app.config.mongo.embeddedSync).toBe('normal');
    for (const sync of ['full', 'normal'] as const) {
      const opened = await openStore({ ...app, config: { ...app.config, mongo: { ...app.config.mongo, uri: undefined, embeddedSync: sync } } });
      try {
        expect(opened.server.sqlitePragmas).toContain(`synchronous(${sync})`);
        expect(opened.server.sqlitePragmas?.filter((p) => p.startsWith('synchronous'))).toHaveLength(1);
      } finally {
        await closeStore(opened);
      }
    }
  });

  it('uses MONGODB_URI as given instead of starting a server', async () => {
    const handle = await resolveServer({ MONGODB_URI: 'mongodb://db.example:27017/x' }, { dataDir: dir });
    expect(handle).toMatchObject({ embedded: false, dataDir: null, uri: 'mongodb://db.example:27017/x' });
    expect(handle.sqlitePragmas).toBeUndefined();
    await handle.stop();
  });

  it('adds directConnection once', () => {
    expect(withDirectConnection('mongodb://h:1/')).toBe('mongodb://h:1/?directConnection=true');
    expect(withDirectConnection('mongodb://h:1/?a=b')).toBe('mongodb://h:1/?a=b&directConnection=true');
    expect(withDirectConnection('mongodb://h:1/?directConnection=false')).toBe('mongodb://h:1/?directConnection=false');
  });
});
