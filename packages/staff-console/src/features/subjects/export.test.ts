import { describe, expect, it } from 'vitest';
import { ledgerRecord } from '../../test/fixtures';
import { csvCell, exportFileName, ledgerToCsv } from './export';

describe('ledger exports', () => {
  it('writes one CSV row per entry with a header, evidence as JSON, CRLF line ends', () => {
    const csv = ledgerToCsv(
      [ledgerRecord({ id: 'r2', action: 'WITHDRAW', evidence: { reference: 'FORM-1', note: 'said "stop", twice' } }), ledgerRecord()],
      (key) => (key === 'marketing-email' ? 'Marketing emails' : key),
    );
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('recordId,subjectId,purposeKey,purposeTitle,action,channel,method,actorKind,actorId,occurredAt,recordedAt,noticeVersion,noticeVersionId,evidence,hash,previousHash');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('r2,jane-42,marketing-email,Marketing emails,WITHDRAW,WEB');
    expect(lines[1]).toContain('"{""reference"":""FORM-1"",""note"":""said \\""stop\\"", twice""}"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
  });

  it('names the file after a sanitised subject id and the day', () => {
    expect(exportFileName('jane@example.com/1', 'json', new Date('2026-11-29T12:00:00Z'))).toBe('assent-ledger-jane_example.com_1-2026-11-29.json');
  });
});
