import { describe, expect, it } from 'vitest';
import { ledgerRecord, subjectFixture } from '../../test/fixtures';
import { csvCell, exportFileName, ledgerToCsv, ledgerToJson } from './export';

describe('ledger exports', () => {
  it('writes one CSV row per entry with a header, evidence as JSON, CRLF line ends', () => {
    const csv = ledgerToCsv(
      [
        ledgerRecord({ id: 'r2', action: 'WITHDRAW', evidence: { reference: 'FORM-1', note: 'said "stop", twice' } }),
        ledgerRecord(),
      ],
      (key) => (key === 'marketing-email' ? 'Marketing emails' : key),
    );
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'recordId,subjectId,purposeKey,purposeTitle,action,actionLabel,channel,method,actorKind,actorId,occurredAt,recordedAt,noticeVersion,noticeVersionId,evidence,hash,previousHash',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('r2,jane-42,marketing-email,Marketing emails,WITHDRAW,Withdrew,WEB');
    expect(lines[1]).toContain('"{""reference"":""FORM-1"",""note"":""said \\""stop\\"", twice""}"');
  });

  it('writes refusals and erasure in plain words beside their codes (CSV and JSON)', () => {
    const csv = ledgerToCsv(
      [ledgerRecord({ id: 'r3', action: 'ERASE' }), ledgerRecord({ id: 'r2', action: 'REFUSE' })],
      () => 'Marketing emails',
    );
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[1]).toContain(',ERASE,Erased the subject,');
    expect(lines[2]).toContain(',REFUSE,Said no (refused),');

    const subject = subjectFixture().subject;
    const refused = {
      ...subject,
      purposes: subject.purposes.map((item) =>
        item.purpose.key === 'analytics' ? { ...item, status: 'REFUSED' as const } : item,
      ),
    };
    const json = ledgerToJson({
      subject: refused,
      records: [ledgerRecord({ action: 'REFUSE' })],
      notices: [],
      exportedAt: new Date('2026-12-01T00:00:00Z'),
    });
    expect(json.currentStatus.find((item) => item.purposeKey === 'analytics')).toMatchObject({
      status: 'REFUSED',
      statusLabel: 'Refused (asked and said no)',
    });
    expect(json.records[0]).toMatchObject({ action: 'REFUSE', actionLabel: 'Said no (refused)' });
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
  });

  it('names the file after a sanitised subject id and the day', () => {
    expect(exportFileName('jane@example.com/1', 'json', new Date('2026-11-29T12:00:00Z'))).toBe(
      'assent-ledger-jane_example.com_1-2026-11-29.json',
    );
  });
});
