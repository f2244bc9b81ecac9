import { describe, expect, it } from 'vitest';
import { purposeStats, type StateCount } from './purpose-stats';
import { notice, purpose, t } from './test-fixtures';

const at = t('2026-06-01T12:00:00.000Z');
const email = purpose({ key: 'marketing-email' });
const analytics = purpose({ key: 'analytics' });
const contract = purpose({ key: 'essential-service', legalBasis: 'CONTRACT' });
const retired = purpose({ key: 'old-survey', retiredAt: t('2026-05-01T00:00:00.000Z') });
const v1 = notice(1, '2026-01-01T00:00:00.000Z', {
  'marketing-email': false,
  analytics: false,
  'essential-service': false,
});
const count = (purposeKey: string, action: StateCount['action'], noticeVersion: number, n: number): StateCount => ({
  purposeKey,
  action,
  noticeVersion,
  count: n,
});

describe('purposeStats', () => {
  it('counts grants, withdrawals, refusals and subjects with no record for each consent purpose', () => {
    const counts = [
      count('marketing-email', 'GRANT', 1, 3),
      count('marketing-email', 'WITHDRAW', 1, 2),
      count('marketing-email', 'REFUSE', 1, 4),
    ];
    const rows = purposeStats({ purposes: [email], notices: [v1], counts, subjects: 10, at });
    expect(rows).toEqual([
      { purpose: email, granted: 3, withdrawn: 2, refused: 4, notGiven: 1, reconsentRequired: 0, awaitingReconsent: 0 },
    ]);
  });

  it('leaves out purposes that take no consent and retired ones', () => {
    const rows = purposeStats({ purposes: [email, contract, retired], notices: [v1], counts: [], subjects: 4, at });
    expect(rows.map((r) => r.purpose.key)).toEqual(['marketing-email']);
  });

  it('a grant under a version before an effective re-consent notice counts as reconsentRequired', () => {
    const v2 = notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true, analytics: false });
    const rows = purposeStats({
      purposes: [email, analytics],
      notices: [v1, v2],
      counts: [
        count('marketing-email', 'GRANT', 1, 4),
        count('marketing-email', 'GRANT', 2, 1),
        count('analytics', 'GRANT', 1, 2),
      ],
      subjects: 6,
      at,
    });
    expect(rows).toEqual([
      { purpose: email, granted: 1, withdrawn: 0, refused: 0, notGiven: 1, reconsentRequired: 4, awaitingReconsent: 0 },
      {
        purpose: analytics,
        granted: 2,
        withdrawn: 0,
        refused: 0,
        notGiven: 4,
        reconsentRequired: 0,
        awaitingReconsent: 0,
      },
    ]);
  });

  it('a grant under a re-consent notice published but not yet effective still counts, and is awaiting re-consent', () => {
    const v2 = notice(2, '2026-05-01T00:00:00.000Z', { 'marketing-email': true }, '2026-07-01T00:00:00.000Z');
    const rows = purposeStats({
      purposes: [email],
      notices: [v1, v2],
      counts: [count('marketing-email', 'GRANT', 1, 3)],
      subjects: 3,
      at,
    });
    expect(rows).toEqual([
      { purpose: email, granted: 3, withdrawn: 0, refused: 0, notGiven: 0, reconsentRequired: 0, awaitingReconsent: 3 },
    ]);
  });
});
