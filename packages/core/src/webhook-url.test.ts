import { describe, expect, it } from 'vitest';
import { isForbiddenWebhookHost, webhookUrlProblem } from './webhook-url';

describe('isForbiddenWebhookHost', () => {
  const rows: Array<[string, boolean]> = [
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['169.255.0.1', false],
    ['10.0.0.1', false],
    ['127.0.0.1', false],
    ['192.168.1.10', false],
    ['fe80::1', true],
    ['[fe80::1]', true],
    ['febf:ffff::1', true],
    ['fec0::1', false],
    ['fe80::1%eth0', true],
    ['::1', false],
    ['fd00::1', false],
    ['fd00:ec2::254', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:a9fe:a9fe', true],
    ['::ffff:10.0.0.1', false],
    ['100.100.100.200', true],
    ['metadata.google.internal', true],
    ['METADATA.GOOGLE.INTERNAL.', true],
    ['example.com', false],
    ['1:2:3:4:5:6:7:8:9', false],
    // Every IPv6 form that embeds an IPv4 address reaches it (issue 18, outside probe).
    ['::169.254.169.254', true],
    ['::a9fe:a9fe', true],
    ['::ffff:0:a9fe:a9fe', true],
    ['64:ff9b::169.254.169.254', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['64:ff9b:1::a9fe:a9fe', true],
    ['2002:a9fe:a9fe::', true],
    ['2002:a9fe:0001::1', true],
    ['2001:0:4136:e378:8000:63bf:5601:5601', true],
    ['::10.0.0.1', false],
    ['64:ff9b::8.8.8.8', false],
    ['2002:0808:0808::', false],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', false],
    ['2001:db8::a9fe:a9fe', false],
    ['::', false],
  ];
  it.each(rows)('%s is forbidden: %s', (host, expected) => {
    expect(isForbiddenWebhookHost(host)).toBe(expected);
  });
});

describe('webhookUrlProblem', () => {
  const rows: Array<[string, string | null]> = [
    ['https://crm.example.com/hook', null],
    ['http://localhost:3000/hook', null],
    ['http://user:pass@example.com/hook', 'must not carry a user name or password'],
    ['https://token@example.com/hook', 'must not carry a user name or password'],
    ['https://example.com/hook?token=abc', null],
    ['http://2852039166/', 'must not point at a link-local or cloud metadata address'],
    ['http://0xA9FEA9FE/', 'must not point at a link-local or cloud metadata address'],
    ['http://[::ffff:169.254.169.254]/', 'must not point at a link-local or cloud metadata address'],
    ['http://[::169.254.169.254]/', 'must not point at a link-local or cloud metadata address'],
    ['http://[::a9fe:a9fe]/', 'must not point at a link-local or cloud metadata address'],
    ['http://[64:ff9b::169.254.169.254]/', 'must not point at a link-local or cloud metadata address'],
    ['http://[2002:a9fe:a9fe::]/', 'must not point at a link-local or cloud metadata address'],
    ['http://169.254.169.254./', 'must not point at a link-local or cloud metadata address'],
    ['ws://example.com/', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['notaurl', 'must be an absolute http or https URL'],
    ['not a url', 'must not contain whitespace or control characters'],
    ['http://example.com/\n', 'must not contain whitespace or control characters'],
    ['http://exa\tmple.com/', 'must not contain whitespace or control characters'],
  ];
  it.each(rows)('%s -> %s', (url, expected) => {
    expect(webhookUrlProblem(url)).toBe(expected);
  });
});
