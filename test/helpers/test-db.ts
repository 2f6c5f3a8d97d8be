/** A fresh database per test file on the real test server, dropped afterwards. */
import { randomBytes } from 'node:crypto';

import type { Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';

import { connectStore } from '../../src/store/mongo.js';

export interface TestDb {
  readonly db: Db;
  readonly client: MongoClient;
  readonly uri: string;
  readonly name: string;
}

/** Registers hooks that open a uniquely named database and drop it when the file ends. */
export function useTestDb(prefix: string): TestDb {
  const state: { db?: Db; client?: MongoClient; name: string } = {
    name: `t_${prefix.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`,
  };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const conn = await connectStore(inject('mongoUri'), state.name);
    state.db = conn.db;
    state.client = conn.client;
    close = conn.close;
  });
  afterAll(async () => {
    await state.db?.dropDatabase();
    await close?.();
  });
  return {
    get db() {
      if (!state.db) throw new Error('test database used before beforeAll ran');
      return state.db;
    },
    get client() {
      if (!state.client) throw new Error('test client used before beforeAll ran');
      return state.client;
    },
    get uri() {
      return inject('mongoUri');
    },
    name: state.name,
  };
}
