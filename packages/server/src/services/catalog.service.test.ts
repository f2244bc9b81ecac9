import type { NoticeVersion, Purpose } from '@assent/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogCache } from './catalog.service.ts';

const purpose = (key: string): Purpose => ({
  key,
  title: key,
  description: key,
  legalBasis: 'CONSENT',
  retiredAt: null,
  gpcOptOut: false,
  dpvPurpose: null,
  consentMode: [],
});

function fakeRepo() {
  const state = { stamp: '1/0/1', purposes: [purpose('email')], notices: [] as NoticeVersion[], loads: 0, stamps: 0 };
  return {
    state,
    repo: {
      stamp: async () => {
        state.stamps += 1;
        return state.stamp;
      },
      listPurposes: async () => {
        state.loads += 1;
        return state.purposes;
      },
      listNotices: async () => state.notices,
    },
  };
}

describe('catalogCache', () => {
  afterEach(() => void vi.useRealTimers());

  it('polls the stamp and reloads only when it moved', async () => {
    vi.useFakeTimers();
    const { state, repo } = fakeRepo();
    const cache = catalogCache(repo, 1000);
    await cache.refresh();
    expect(state.loads).toBe(1);
    cache.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(state.stamps).toBe(4);
    expect(state.loads).toBe(1);

    state.purposes = [purpose('email'), purpose('ads')];
    state.stamp = '2/0/1';
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.loads).toBe(2);
    expect(cache.get().purposeByKey.has('ads')).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.loads).toBe(2);
    cache.stop();
  });

  it('refresh() after a local change always reloads', async () => {
    const { state, repo } = fakeRepo();
    const cache = catalogCache(repo, 1000);
    await cache.refresh();
    await cache.refresh();
    expect(state.loads).toBe(2);
  });
});
