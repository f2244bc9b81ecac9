// The floor for HTTP scenarios: a bare node:http handler that reads the JSON body and answers a
// constant GraphQL-shaped result of the same size as a decision, with no framework at all. With
// ASSENT_BENCH_PROBE set it carries the same per-request probe as the server (scenario 4's floor).
import { Buffer } from 'node:buffer';
import http from 'node:http';
import process from 'node:process';

const answer = Buffer.from(
  JSON.stringify({ data: { decide: { allowed: true, reason: 'CONSENT_GRANTED', legalBasis: 'CONSENT' } } }),
);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
if (process.env.ASSENT_BENCH_PROBE) {
  const { attachBenchProbe } = await import('../../src/http/bench-probe.ts');
  attachBenchProbe(server, process.env.ASSENT_BENCH_PROBE);
}
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => process.exit(0));
