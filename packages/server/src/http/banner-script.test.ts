import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerScriptHandler } from './banner-script.ts';

// The /banner.js handler on a file of its own: what it answers when the build is missing or changes.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-banner-script-'));
const file = path.join(dir, 'banner.js');
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer(bannerScriptHandler(file));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/banner.js`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bannerScriptHandler', () => {
  it('a missing build is 404 with a plain sentence saying how to build it', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toContain('pnpm --filter @assent/banner build');
  });

  it('a rebuild while the server runs is served at once, with a new ETag', async () => {
    fs.writeFileSync(file, 'export const v = 1;\n');
    const first = await fetch(url);
    expect(await first.text()).toBe('export const v = 1;\n');
    fs.writeFileSync(file, 'export const v = 22;\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 2000));
    const second = await fetch(url, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('export const v = 22;\n');
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });

  it('is sent brotli- or gzip-compressed to clients that accept it, identity otherwise, each with its own ETag', async () => {
    const source = `export const text = ${JSON.stringify('consent '.repeat(2000))};\n`;
    fs.writeFileSync(file, source);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 4000));
    const raw = (acceptEncoding: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          })
          .on('error', reject);
      });
    const br = await raw('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(source);
    expect(br.body.length).toBeLessThan(source.length / 10);
    const gz = await raw('gzip;q=1, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(source);
    const plain = await raw('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(source);
    for (const r of [br, gz, plain]) expect(r.headers.vary).toBe('Accept-Encoding');
    expect(new Set([br, gz, plain].map((r) => r.headers.etag)).size).toBe(3);
  });
});
