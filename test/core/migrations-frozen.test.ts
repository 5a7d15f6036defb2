/**
 * Shipped migrations are frozen: a person's cache already ran them, so an edit would never reach
 * them and the schema would silently differ between installs. Change the schema with a new
 * migration, and pin its checksum here when it ships.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/core/db/migrations';

/** sha256 of each shipped migration's SQL, by version. */
const SHIPPED: Record<number, string> = {
  1: 'f30e70cb8e796bcacbcb1d532002893a9a2b1adf72c932d98746a186ec353e5e',
  2: '595bf675fa53fc85a56dfc6006c833bf9e3741cacd9bbe11175121dc4dbc7826',
  3: '68b2c20241bea944859738c9dcd6a7ac29f526e8b878b2b7d98fa9355df02cda',
  4: 'cb7788e36e44d75e8b6711b409a3d68f6efcb0c090d8f054789fa7c3c6d865e8',
  5: 'ca48476d453c9034c743deeaaf9707352f54540430238b00e3b58ab48fc81bc1',
  6: 'a04d8d961a609e619a8748f8e40cc37bc5615189a8d07d835fc58a1cbc1e1fd5',
  7: '8c1cc10f859f7800b6793d3e1d9dc4fa7f9b7670233777d9b5b76f556c3c1a8e',
  8: '09c812119a093a7034ea7cae214f491fc56fac8549d3b54d3eb1571145ee3d3c',
  9: '83aecc002ccd2bf9f4acd9c07f80e78aed0e6341a6806a5e3b0aafb61320abd2',
  10: '48105c538e23d0a5fc3eb77406d854a469da5448e6fb264f65d0cbde52382c68',
  11: '80495c998e6c17c4ac1cdb7a1ac7d878a91bcd637f036701ecfc63b3a5ed3171',
  12: 'fe052e0472cff5c6bc72c103cf0862228a010358d45d0c70ff5194742e685974',
  13: 'a151d7cb9fd993ea35f078c34d02209524e3a05e8ab9f459d425635748a092aa',
  14: 'afe7da2f6c8cdf7b5121c97d12f899685bec4341ffbfadee2dc07ffcd1e9142b',
  15: 'c83297571261fb49bd5b14a4cef5e03f2aff2cc654a9629ecb99c55c0f44d436',
  16: '85a66d08be07cef851af3ea63fd68310e728157024063966779acb0a899a811b',
};

const sha = (sql: string) => createHash('sha256').update(sql).digest('hex');

describe('shipped migrations', () => {
  it('are unchanged, byte for byte, and numbered 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const [version, checksum] of Object.entries(SHIPPED)) {
      const m = MIGRATIONS.find((x) => x.version === Number(version));
      expect(m, `migration ${version} shipped and must stay`).toBeDefined();
      expect(sha(m!.sql), `migration ${version} was edited after it shipped: add a new migration instead`).toBe(checksum);
    }
  });

  it('each has a pinned checksum (pin a new one here when it is added)', () => {
    const unpinned = MIGRATIONS.filter((m) => SHIPPED[m.version] === undefined).map((m) => m.version);
    expect(unpinned, `pin ${unpinned.map((v) => `${v}: '${sha(MIGRATIONS[v - 1]!.sql)}'`).join(', ')}`).toEqual([]);
  });
});
