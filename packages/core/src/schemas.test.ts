import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAssentError } from './errors';
import {
  ZApiKeyId,
  ZApiKeyName,
  ZApiKeyRole,
  ZChoicesInput,
  ZConsentInput,
  ZConsentMode,
  ZDateTime,
  ZEraseSubjectInput,
  ZDecideInput,
  ZDecideManyRequests,
  ZDpvIri,
  ZEvidence,
  ZHistoryFirst,
  ZLocale,
  ZMethod,
  ZNoticePurposeInput,
  ZPublishNoticeInput,
  ZPurposeInput,
  ZPurposeKey,
  ZSubjectId,
  ZTtlSeconds,
  ZVisitorTtlSeconds,
  ZWebhookInput,
  parseInput,
} from './schemas';

type Table = Array<[string, unknown, boolean]>;

function accepts(schema: z.ZodType, table: Table): void {
  it.each(table)('%s', (_name, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
}

const notice = {
  purposeKey: 'marketing-email',
  title: 'Newsletter',
  description: 'Monthly news.',
  requiresReconsent: false,
};

describe('ZPurposeKey', () => {
  accepts(ZPurposeKey, [
    ['accepts a slug', 'marketing-email', true],
    ['accepts digits', 'a1-2b', true],
    ['accepts one character', 'a', true],
    ['accepts 64 characters', 'a'.repeat(64), true],
    ['rejects 65 characters', 'a'.repeat(65), false],
    ['rejects the empty string', '', false],
    ['rejects capitals', 'Marketing', false],
    ['rejects underscores', 'marketing_email', false],
    ['rejects spaces', 'marketing email', false],
    ['rejects a leading dash', '-marketing', false],
    ['rejects a trailing dash', 'marketing-', false],
    ['rejects a double dash', 'marketing--email', false],
    ['rejects a number', 42, false],
  ]);
});

describe('ZSubjectId', () => {
  accepts(ZSubjectId, [
    ['accepts an opaque id', 'usr_01J9Z', true],
    ['accepts an e-mail address', 'ada@example.com', true],
    ['accepts non-ASCII letters and emoji', 'jürgen-🦊', true],
    ['accepts inner spaces', 'Ada Lovelace', true],
    ['accepts 256 characters', 'x'.repeat(256), true],
    ['rejects 257 characters', 'x'.repeat(257), false],
    ['rejects the empty string', '', false],
    ['rejects a leading space', ' ada', false],
    ['rejects a trailing space', 'ada ', false],
    ['rejects only whitespace', '   ', false],
    ['rejects a newline', 'ada\nlovelace', false],
    ['rejects a tab', 'ada\tlovelace', false],
    ['rejects NUL', 'ada\u0000', false],
    ['rejects DEL', 'ada\u007f', false],
    ['rejects a C1 control character', 'ada\u0085x', false],
    ['rejects an unpaired surrogate', 'ada\ud800', false],
    ['rejects a number', 12, false],
  ]);
});

describe('ZSubjectId, checked in one scan', () => {
  // The definition it replaced, check by check: the same issues, in the same order, for any string.
  const reference = z
    .string()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters')
    .check((ctx) => {
      const problem = /\p{Cs}/u.test(ctx.value)
        ? 'must be valid Unicode (no unpaired surrogates)'
        : ctx.value.includes('\u0000')
          ? 'must not contain the NUL character'
          : null;
      if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters')
    .refine((s) => s.trim() === s, 'must not start or end with whitespace');
  const issues = (schema: z.ZodType, v: string) => schema.safeParse(v).error?.issues.map((i) => i.message) ?? [];
  const edgy = fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\u0000',
    '\u0085',
    '\u007f',
    '\ud800',
    '\udfff',
    'a',
    'é',
    '🦊',
    '\u3000',
  );

  it('gives the issues of the checks it replaced, for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.array(edgy, { maxLength: 6 }).map((a) => a.join('')),
        ),
        (v) => {
          expect(issues(ZSubjectId, v)).toEqual(issues(reference, v));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('ZEraseSubjectInput', () => {
  it('refuses a reason that contains the subject id, in any case (it is kept in clear for good)', () => {
    expect(ZEraseSubjectInput.safeParse({ subjectId: 'user-42@example.com', reason: 'Art. 17 request' }).success).toBe(
      true,
    );
    const r = ZEraseSubjectInput.safeParse({
      subjectId: 'user-42@example.com',
      reason: 'email from USER-42@example.COM',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['reason'], message: expect.stringMatching(/subject id/) });
  });

  it('an empty subject id is the one issue (every reason contains the empty string)', () => {
    const r = ZEraseSubjectInput.safeParse({ subjectId: '', reason: 'gdpr' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['subjectId']);
  });
});

describe('ZMethod', () => {
  accepts(ZMethod, [
    ['accepts a UI element name', 'privacy-center/toggle', true],
    ['accepts 200 characters', 'm'.repeat(200), true],
    ['rejects 201 characters', 'm'.repeat(201), false],
    ['rejects the empty string', '', false],
    ['rejects NUL', 'a\u0000b', false],
    ['accepts spaces inside', 'paper form', true],
    ['rejects whitespace only', '  \t ', false],
    ['rejects a control character', 'a\u0007b', false],
    ['rejects a line break', 'a\nb', false],
    ['rejects a leading space', ' m', false],
    ['rejects a no-break space alone', '\u00a0', false],
    ['rejects a zero-width space', 'a\u200bb', false],
  ]);
});

describe('ZEvidence', () => {
  const nested: unknown = { form: 'paper-2026-04', signed: true, page: 3, scans: [{ sha256: 'ab' }], note: null };
  accepts(ZEvidence, [
    ['accepts an object', nested, true],
    ['accepts an array', ['a', 1, true, null], true],
    ['accepts a string', 'signed form #12', true],
    ['accepts a number', 3.5, true],
    ['accepts a boolean', false, true],
    ['accepts null', null, true],
    ['accepts exactly 16384 bytes of JSON', 'x'.repeat(16384 - 2), true],
    ['rejects 16385 bytes of JSON', 'x'.repeat(16384 - 1), false],
    ['counts bytes, not characters (é is two bytes)', 'é'.repeat(8192), false],
    ['rejects undefined', undefined, false],
    ['rejects a function', () => 1, false],
    ['rejects NaN', { n: Number.NaN }, false],
    ['rejects Infinity', [Number.POSITIVE_INFINITY], false],
    ['rejects a Date', { at: new Date(0) }, false],
    ['rejects a Map', new Map(), false],
    ['rejects a bigint', { n: 1n }, false],
    [
      'rejects a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o['self'] = o;
        return o;
      })(),
      false,
    ],
    ['rejects an unpaired surrogate in a string', { note: '\udc00' }, false],
    ['rejects an unpaired surrogate in a key', { ['\ud800']: 1 }, false],
    ['rejects NUL in a string', ['a\u0000'], false],
  ]);

  it('says "evidence is larger than 16 KB" when too large', () => {
    expect(() => parseInput(ZEvidence, 'x'.repeat(20000))).toThrow('evidence is larger than 16 KB');
  });

  const nest = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v] : { v };
    return v;
  };
  it.each([
    ['accepts 64 levels of nesting', 64, true],
    ['rejects 65 levels of nesting', 65, false],
    ['rejects nesting deep enough to overflow JSON.stringify, without overflowing itself', 100_000, false],
  ] as const)('%s', (_rule, levels, ok) => {
    expect(ZEvidence.safeParse(nest(levels)).success).toBe(ok);
  });

  it('says how deep evidence may be nested', () => {
    expect(() => parseInput(ZEvidence, nest(65))).toThrow('evidence is nested more than 64 levels deep');
  });

  it('rejects a wide array of more values than 16 KB can hold before serializing it', () => {
    expect(() => parseInput(ZEvidence, new Array(20_000).fill(0))).toThrow('evidence is larger than 16 KB');
  });
});

describe('ZDateTime', () => {
  accepts(ZDateTime, [
    ['accepts a Date', new Date('2026-01-01T00:00:00Z'), true],
    ['accepts an ISO string in UTC', '2026-11-29T15:34:55.123Z', true],
    ['accepts an ISO string with an offset', '2026-11-29T16:34:55+01:00', true],
    ['rejects an invalid Date', new Date(Number.NaN), false],
    ['rejects a date without time', '2026-11-29', false],
    ['rejects prose', 'yesterday', false],
    ['rejects epoch milliseconds', 1764430495123, false],
    // Impossible calendar dates are refused, not rolled into the next month (issue 18, outside probe).
    ['rejects February 30th', '2026-02-30T00:00:00Z', false],
    ['rejects February 29th outside a leap year', '2025-02-29T00:00:00Z', false],
    ['accepts February 29th of a leap year', '2024-02-29T12:00:00Z', true],
    ['rejects April 31st', '2026-04-31T00:00:00Z', false],
    ['rejects hour 24', '2026-01-01T24:00:00Z', false],
    ['rejects minute 60', '2026-01-01T23:60:00Z', false],
  ]);

  it('turns an ISO string into the same instant as a Date', () => {
    expect(ZDateTime.parse('2026-11-29T16:34:55+01:00')).toEqual(new Date('2026-11-29T15:34:55Z'));
  });
});

describe('ZConsentInput', () => {
  const minimal = { purposeKey: 'marketing-email', channel: 'WEB', method: 'privacy-center/toggle' };
  accepts(ZConsentInput, [
    ['accepts the minimum a subject sends', minimal, true],
    [
      'accepts every field',
      { ...minimal, subjectId: 's-1', noticeVersionId: 'n-1', evidence: { form: 1 }, occurredAt: new Date() },
      true,
    ],
    [
      'accepts explicit nulls for optional fields',
      { ...minimal, subjectId: null, noticeVersionId: null, evidence: null, occurredAt: null },
      true,
    ],
    ['rejects a missing purposeKey', { channel: 'WEB', method: 'm' }, false],
    ['rejects a missing channel', { purposeKey: 'a', method: 'm' }, false],
    ['rejects an unknown channel', { ...minimal, channel: 'FAX' }, false],
    ['rejects a missing method', { purposeKey: 'a', channel: 'WEB' }, false],
    ['rejects an empty subjectId', { ...minimal, subjectId: '' }, false],
    ['rejects an empty noticeVersionId', { ...minimal, noticeVersionId: '' }, false],
    ['rejects oversized evidence', { ...minimal, evidence: 'x'.repeat(17000) }, false],
    ['rejects an unreadable occurredAt', { ...minimal, occurredAt: 'soon' }, false],
  ]);

  it('turns explicit nulls into absent fields', () => {
    expect(
      ZConsentInput.parse({ ...minimal, subjectId: null, evidence: null, occurredAt: null, noticeVersionId: null }),
    ).toEqual({
      ...minimal,
      subjectId: undefined,
      evidence: undefined,
      occurredAt: undefined,
      noticeVersionId: undefined,
    });
  });
});

describe('ZPurposeInput', () => {
  const ok = {
    key: 'analytics',
    title: 'Analytics',
    description: 'Usage statistics.',
    legalBasis: 'LEGITIMATE_INTERESTS',
  };
  accepts(ZPurposeInput, [
    ['accepts a purpose', ok, true],
    ['accepts a 200-character title', { ...ok, title: 't'.repeat(200) }, true],
    ['rejects a 201-character title', { ...ok, title: 't'.repeat(201) }, false],
    ['accepts a 5000-character description', { ...ok, description: 'd'.repeat(5000) }, true],
    ['rejects a 5001-character description', { ...ok, description: 'd'.repeat(5001) }, false],
    ['rejects an empty title', { ...ok, title: '' }, false],
    ['rejects an empty description', { ...ok, description: '' }, false],
    ['rejects a blank title', { ...ok, title: '   ' }, false],
    ['rejects a title with a control character or a line break', { ...ok, title: 'a\u0007\nb' }, false],
    ['rejects a title with spaces around it', { ...ok, title: ' Analytics ' }, false],
    ['rejects a blank description', { ...ok, description: '\n \n' }, false],
    ['accepts a description in paragraphs', { ...ok, description: 'First.\n\nSecond,\tthird.' }, true],
    ['rejects a description with a bell', { ...ok, description: 'Usage\u0007 statistics.' }, false],
    ['rejects an unknown legal basis', { ...ok, legalBasis: 'VIBES' }, false],
    ['rejects a bad key', { ...ok, key: 'Analytics!' }, false],
    ['accepts gpcOptOut true', { ...ok, gpcOptOut: true }, true],
    ['rejects a gpcOptOut that is not a boolean', { ...ok, gpcOptOut: 'yes' }, false],
    ['accepts a DPV purpose IRI', { ...ok, dpvPurpose: 'https://w3id.org/dpv#Marketing' }, true],
    ['rejects a DPV purpose that is not an IRI', { ...ok, dpvPurpose: 'dpv:Marketing' }, false],
    ['accepts Consent Mode types', { ...ok, consentMode: ['ad_storage', 'ad_user_data'] }, true],
    ['rejects an unknown Consent Mode type', { ...ok, consentMode: ['cookies'] }, false],
  ]);

  it('defaults gpcOptOut to false and consentMode to none, leaving dpvPurpose absent', () => {
    expect(ZPurposeInput.parse(ok)).toEqual({ ...ok, gpcOptOut: false, consentMode: [] });
  });

  it('treats explicit nulls (GraphQL) like omitted fields', () => {
    expect(ZPurposeInput.parse({ ...ok, gpcOptOut: null, dpvPurpose: null, consentMode: null })).toEqual({
      ...ok,
      gpcOptOut: false,
      consentMode: [],
    });
  });

  it('keeps the 1.1 fields as given', () => {
    const full = { ...ok, gpcOptOut: true, dpvPurpose: 'https://w3id.org/dpv#Marketing', consentMode: ['ad_storage'] };
    expect(ZPurposeInput.parse(full)).toEqual(full);
  });
});

describe('ZDpvIri', () => {
  accepts(ZDpvIri, [
    ['accepts a DPV IRI', 'https://w3id.org/dpv#Marketing', true],
    ['accepts http', 'http://w3id.org/dpv#Marketing', true],
    ['accepts non-ASCII letters (an IRI, not only a URI)', 'https://example.com/zwecke/Öffentlichkeitsarbeit', true],
    ['rejects a compact IRI', 'dpv:Marketing', false],
    ['rejects a URN', 'urn:dpv:Marketing', false],
    ['rejects another scheme', 'ftp://w3id.org/dpv', false],
    ['rejects a relative reference', '/dpv#Marketing', false],
    ['rejects no host', 'https://', false],
    ['rejects a space', 'https://w3id.org/dpv#Direct Marketing', false],
    ['rejects angle brackets', 'https://w3id.org/<dpv>', false],
    ['rejects the empty string', '', false],
    ['rejects 2049 characters', `https://w3id.org/${'a'.repeat(2049 - 17)}`, false],
  ]);
});

describe('ZConsentMode', () => {
  it('lists the types once each; omitted or null is none', () => {
    expect(ZConsentMode.parse(['analytics_storage'])).toEqual(['analytics_storage']);
    expect(ZConsentMode.parse(undefined)).toEqual([]);
    expect(ZConsentMode.parse(null)).toEqual([]);
  });

  it('names a type listed twice', () => {
    expect(() => parseInput(ZConsentMode, ['ad_storage', 'ad_storage'])).toThrow(
      "[1]: lists 'ad_storage' more than once",
    );
  });
});

describe('ZLocale', () => {
  accepts(ZLocale, [
    ['accepts a language', 'en', true],
    ['accepts a language and region', 'de-CH', true],
    ['accepts a script', 'zh-Hant-TW', true],
    ['rejects an underscore', 'en_US', false],
    ['rejects a wildcard', '*', false],
    ['rejects a trailing dash', 'en-', false],
    ['rejects the empty string', '', false],
    ['rejects 36 characters', 'en-'.padEnd(36, 'x'), false],
  ]);

  it('returns the canonical case', () => {
    expect(ZLocale.parse('EN-us')).toBe('en-US');
  });
});

describe('ZChoicesInput', () => {
  const minimal = {
    channel: 'WEB',
    method: 'banner/save',
    choices: [{ purposeKey: 'marketing-email', action: 'GRANT' }],
  };
  accepts(ZChoicesInput, [
    ['accepts one choice', minimal, true],
    [
      'accepts the three decision actions',
      {
        ...minimal,
        choices: [
          { purposeKey: 'a', action: 'GRANT' },
          { purposeKey: 'b', action: 'REFUSE' },
          { purposeKey: 'c', action: 'WITHDRAW' },
        ],
      },
      true,
    ],
    [
      'accepts every optional field',
      {
        ...minimal,
        subjectId: 'ada',
        noticeVersionId: 'n-1',
        evidence: { banner: 'v1' },
        occurredAt: '2026-06-01T00:00:00Z',
        locale: 'de',
      },
      true,
    ],
    ['rejects no choices', { ...minimal, choices: [] }, false],
    ['rejects missing choices', { channel: 'WEB', method: 'banner/save' }, false],
    ['rejects ERASE as a choice', { ...minimal, choices: [{ purposeKey: 'a', action: 'ERASE' }] }, false],
    [
      'rejects the same purpose twice, whatever the actions',
      {
        ...minimal,
        choices: [
          { purposeKey: 'a', action: 'GRANT' },
          { purposeKey: 'a', action: 'REFUSE' },
        ],
      },
      false,
    ],
    ['rejects a bad purpose key', { ...minimal, choices: [{ purposeKey: 'A', action: 'GRANT' }] }, false],
    ['rejects an unknown channel', { ...minimal, channel: 'FAX' }, false],
    ['rejects an empty method', { ...minimal, method: '' }, false],
    ['rejects a bad locale', { ...minimal, locale: 'en_GB' }, false],
    [
      'rejects more than 1000 choices',
      { ...minimal, choices: Array.from({ length: 1001 }, (_, i) => ({ purposeKey: `p${i}`, action: 'GRANT' })) },
      false,
    ],
  ]);

  it('treats explicit nulls (GraphQL) like omitted fields and canonicalises the locale', () => {
    expect(
      ZChoicesInput.parse({
        ...minimal,
        subjectId: null,
        noticeVersionId: null,
        evidence: null,
        occurredAt: null,
        locale: 'en-gb',
      }),
    ).toEqual({
      ...minimal,
      subjectId: undefined,
      noticeVersionId: undefined,
      evidence: undefined,
      occurredAt: undefined,
      locale: 'en-GB',
    });
  });

  it('names the field of each problem', () => {
    const bad = {
      ...minimal,
      choices: [
        { purposeKey: 'a', action: 'GRANT' },
        { purposeKey: 'b', action: 'ERASE' },
      ],
    };
    expect(() => parseInput(ZChoicesInput, bad)).toThrow('choices[1].action: must be GRANT, REFUSE or WITHDRAW');
    const twice = {
      ...minimal,
      choices: [
        { purposeKey: 'a', action: 'GRANT' },
        { purposeKey: 'b', action: 'GRANT' },
        { purposeKey: 'a', action: 'REFUSE' },
      ],
    };
    expect(() => parseInput(ZChoicesInput, twice)).toThrow(
      "choices[2].purposeKey: 'a' is already chosen in choices[0]; each purpose at most once",
    );
    expect(() => parseInput(ZChoicesInput, { ...minimal, choices: [] })).toThrow(
      'choices: must hold at least one choice',
    );
  });
});

describe('ZNoticePurposeInput', () => {
  accepts(ZNoticePurposeInput, [
    ['accepts a purpose text', notice, true],
    ['rejects a missing requiresReconsent', { ...notice, requiresReconsent: undefined }, false],
    ['rejects a string requiresReconsent', { ...notice, requiresReconsent: 'yes' }, false],
    ['rejects a blank title', { ...notice, title: '  ' }, false],
    ['rejects a description of a tab', { ...notice, description: '\t' }, false],
  ]);
});

describe('ZPublishNoticeInput', () => {
  const ok = { summary: 'We now send a newsletter.', purposes: [notice] };
  accepts(ZPublishNoticeInput, [
    ['accepts a notice', ok, true],
    ['rejects a blank summary', { ...ok, summary: ' ' }, false],
    ['rejects a summary with a bell', { ...ok, summary: 'a\u0007b' }, false],
    ['accepts an effectiveAt', { ...ok, effectiveAt: new Date() }, true],
    ['accepts a null effectiveAt', { ...ok, effectiveAt: null }, true],
    ['accepts several distinct purposes', { ...ok, purposes: [notice, { ...notice, purposeKey: 'analytics' }] }, true],
    ['rejects an empty summary', { ...ok, summary: '' }, false],
    ['rejects a 5001-character summary', { ...ok, summary: 's'.repeat(5001) }, false],
    ['rejects no purposes', { ...ok, purposes: [] }, false],
    ['rejects a purpose listed twice', { ...ok, purposes: [notice, { ...notice, title: 'Other' }] }, false],
  ]);

  it('names the duplicated purpose and where it is', () => {
    expect(() => parseInput(ZPublishNoticeInput, { summary: 's', purposes: [notice, notice] })).toThrow(
      "purposes[1].purposeKey: lists 'marketing-email' more than once",
    );
  });
});

describe('ZDecideInput and ZDecideManyRequests', () => {
  const one = { subjectId: 's-1', purposeKey: 'analytics' };
  accepts(ZDecideInput, [
    ['accepts a subject and purpose', one, true],
    ['rejects a missing subjectId', { purposeKey: 'analytics' }, false],
    ['rejects a bad purposeKey', { subjectId: 's-1', purposeKey: 'A' }, false],
  ]);
  accepts(ZDecideManyRequests, [
    ['accepts no requests', [], true],
    ['accepts 1000 requests', Array.from({ length: 1000 }, () => one), true],
    ['rejects 1001 requests', Array.from({ length: 1001 }, () => one), false],
    ['rejects a bad request among good ones', [one, { subjectId: '', purposeKey: 'a' }], false],
  ]);
});

describe('ZHistoryFirst', () => {
  accepts(ZHistoryFirst, [
    ['accepts 1', 1, true],
    ['accepts 200', 200, true],
    ['rejects 0', 0, false],
    ['rejects 201', 201, false],
    ['rejects a fraction', 1.5, false],
    ['rejects a string', '50', false],
  ]);
});

describe('ZTtlSeconds', () => {
  accepts(ZTtlSeconds, [
    ['accepts one second', 1, true],
    ['accepts one minute', 60, true],
    ['accepts one day', 86400, true],
    ['accepts the default of 900', 900, true],
    ['rejects zero', 0, false],
    ['rejects a negative lifetime', -5, false],
    ['rejects a day and a second', 86401, false],
    ['rejects a fraction', 60.5, false],
  ]);
});

describe('ZVisitorTtlSeconds', () => {
  accepts(ZVisitorTtlSeconds, [
    ['accepts one minute', 60, true],
    ['accepts the default of one year', 31_536_000, true],
    ['rejects 59 seconds', 59, false],
    ['rejects a year and a second', 31_536_001, false],
    ['rejects a fraction', 60.5, false],
  ]);
});

describe('ZApiKeyName', () => {
  accepts(ZApiKeyName, [
    ['accepts a name', 'crm-sync', true],
    ['accepts 100 characters', 'n'.repeat(100), true],
    ['rejects 101 characters', 'n'.repeat(101), false],
    ['rejects the empty string', '', false],
    ['rejects a blank name', '   ', false],
    ['rejects a control character and a line break', 'a\u0007\n', false],
  ]);
});

describe('ZApiKeyRole', () => {
  accepts(ZApiKeyRole, [
    ['accepts ADMIN', 'ADMIN', true],
    ['accepts SERVICE', 'SERVICE', true],
    ['accepts SUPPORT', 'SUPPORT', true],
    ['rejects SUBJECT (subjects get subject tokens)', 'SUBJECT', false],
  ]);

  it('a key for a subject is refused with a message that says what subjects get instead', () => {
    expect(() => parseInput(ZApiKeyRole, 'SUBJECT')).toThrow(
      'input: must be ADMIN, SERVICE or SUPPORT (subjects get subject tokens)',
    );
  });
});

describe('ZApiKeyId', () => {
  accepts(ZApiKeyId, [
    ['accepts an id', 'key-1', true],
    ['accepts 100 characters', 'k'.repeat(100), true],
    ['rejects 101 characters', 'k'.repeat(101), false],
    ['rejects the empty string', '', false],
  ]);
});

describe('ZWebhookInput', () => {
  accepts(ZWebhookInput, [
    ['accepts an https URL', { url: 'https://crm.example.com/hooks/assent' }, true],
    ['accepts an http URL on a private network', { url: 'http://10.0.0.5:8080/hook' }, true],
    ['accepts loopback', { url: 'http://127.0.0.1:9000/hook' }, true],
    [
      'accepts purpose and event filters',
      { url: 'https://x.example', purposeKeys: ['analytics'], eventTypes: ['CONSENT_GRANTED', 'NOTICE_PUBLISHED'] },
      true,
    ],
    ['accepts an empty purposeKeys list (every purpose)', { url: 'https://x.example', purposeKeys: [] }, true],
    ['accepts null filters', { url: 'https://x.example', purposeKeys: null, eventTypes: null }, true],
    ['rejects an empty eventTypes list', { url: 'https://x.example', eventTypes: [] }, false],
    ['rejects an unknown event type', { url: 'https://x.example', eventTypes: ['CONSENT_CHANGED'] }, false],
    ['rejects a bad purpose key', { url: 'https://x.example', purposeKeys: ['Bad Key'] }, false],
    ['rejects ftp', { url: 'ftp://x.example/file' }, false],
    ['rejects javascript:', { url: 'javascript:alert(1)' }, false],
    ['rejects a relative URL', { url: '/hook' }, false],
    ['rejects the cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, false],
    ['rejects IPv6 link-local', { url: 'http://[fe80::1]/hook' }, false],
    ['rejects an over-long URL', { url: `https://x.example/${'p'.repeat(2048)}` }, false],
  ]);
});

describe('parseInput', () => {
  it('names the argument checked alone, so two ids of one call are told apart', () => {
    expect(() => parseInput(ZSubjectId, '', 'visitorSubjectId')).toThrow('visitorSubjectId: must not be empty');
    expect(() => parseInput(ZHistoryFirst, 0, 'first')).toThrow(/^first: /);
    expect(() => parseInput(ZDecideManyRequests, [{ subjectId: '', purposeKey: 'p' }], 'requests')).toThrow(
      /^requests\[0\]\.subjectId: must not be empty/,
    );
    expect(() => parseInput(ZSubjectId, '')).toThrow(/^input: /);
  });

  it('returns the parsed value on success', () => {
    expect(parseInput(ZHistoryFirst, 50)).toBe(50);
  });

  it('throws BAD_USER_INPUT naming every failing field with its path', () => {
    let caught: unknown;
    try {
      parseInput(ZConsentInput, { purposeKey: 'Bad', channel: 'WEB', method: '' });
    } catch (e) {
      caught = e;
    }
    expect(isAssentError(caught) && caught.code).toBe('BAD_USER_INPUT');
    const e = caught as { message: string; userMessage: string; details: { issues: Array<{ path: string }> } };
    expect(e.message).toMatch(/^purposeKey: must be lowercase.*; method: must not be empty$/);
    expect(e.userMessage).toBe(e.message);
    expect(e.details.issues.map((i) => i.path)).toEqual(['purposeKey', 'method']);
  });

  it('names the whole input when the value itself is wrong', () => {
    expect(() => parseInput(ZDecideManyRequests, 'nope')).toThrow(/^input: /);
  });
});
