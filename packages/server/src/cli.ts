import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv, type Env } from './env.ts';
import { openCore } from './composition-root.ts';
import { createLogger } from './logger.ts';

const HELP = `Usage: pnpm assent <command>

  link <subjectId> [ttlSeconds]   print a ready privacy-center link for a subject (default 1 h)
  rebuild-projection              rebuild the current-state projection (and the overview's counts) from the ledger and report whether it changed
  verify [subjectId]              recompute the hash chains (one subject, or all) and check them against the newest
                                  checkpoint; exits 2 naming the subject when records were cut off or rewritten
  migrate                         apply pending migrations and exit
  seed                            seed the demo purposes and notice into an EMPTY database
  dispatcher                      run the outbox dispatcher alone (no HTTP API)
  verify-receipt <file> [--jwks <url|file>]
                                  verify a signed receipt (.jws) offline and print the decoded record; the keys
                                  default to <ASSENT_PUBLIC_URL>/.well-known/jwks.json
  checkpoint                      sign a checkpoint over every chain head now (and POST it to ASSENT_CHECKPOINT_WEBHOOK)
  rotate-signing-key              make a newly generated signing key current (old keys stay in the JWKS)
  staff add <email> --role SUPPORT|ADMIN [--password-stdin]
                                  add a local staff account; prints a generated password once, or reads one
                                  (12+ characters) from stdin with --password-stdin
  staff list                      list staff accounts (role, TOTP, disabled)
  staff disable <email>           disable an account and end its open console sessions
  staff totp <email>              enrol TOTP for an account (replacing any before); prints the otpauth:// URI
  import <file.csv|file.jsonl> [--batch-rows <n>]
                                  import consents recorded elsewhere (columns in the README); rerun to resume;
                                  rejected rows go to <file>.rejected.jsonl; each transaction takes <n> rows
                                  (default 10,000)
`;

/**
 * A file named on the command line, as the person typing meant it: `pnpm assent …` runs this in packages/server, so a
 * relative path is taken from where they started it (the root script passes pnpm's INIT_CWD on as ASSENT_CALLER_CWD:
 * the inner pnpm sets its own), not from here.
 */
const fromCaller = (file: string) =>
  path.resolve(process.env.ASSENT_CALLER_CWD || process.env.INIT_CWD || process.cwd(), file);

/** Who the CLI acts as. */
const CLI_ADMIN = { role: 'ADMIN', kind: 'ADMIN', id: 'assent-cli', via: 'bootstrap' } as const;

/** `pnpm assent …`: operator commands over the same core as the server. */
async function main(argv: string[]) {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') return void console.log(HELP);
  // Commands print their own results: the log says only what went wrong unless LOG_LEVEL asks for more.
  // verify-receipt needs no secret (nothing but the public keys): production's requirements do not apply to it.
  const env = parseEnv({
    LOG_LEVEL: 'warn',
    ...process.env,
    ...(command === 'verify-receipt' ? { NODE_ENV: 'test' } : {}),
  });
  // Needs no database: a receipt verifies with nothing but the public keys.
  if (command === 'verify-receipt') return verifyReceiptCommand(args, env);
  // On stderr: stdout carries only what a command prints, so `$(pnpm assent link …)` is the link alone.
  const logger = createLogger(env.LOG_LEVEL, 2);
  const core = await openCore(env, { logger, seed: command === 'seed', inlineDispatcher: command === 'dispatcher' });
  try {
    switch (command) {
      case 'link': {
        const subjectId = args[0];
        if (!subjectId) throw new Error('Usage: pnpm assent link <subjectId> [ttlSeconds]');
        const ttl = Number(args[1] ?? 3600);
        const { token, expiresAt } = await core.auth.issueSubjectToken(subjectId, ttl);
        const base = env.ASSENT_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
        console.log(`${base.replace(/\/$/, '')}/#token=${token}`);
        console.error(`(valid until ${expiresAt.toISOString()} for subject '${subjectId}')`);
        break;
      }
      case 'rebuild-projection': {
        const before = await core.repos.ledger.dumpProjection();
        const rows = await core.repos.ledger.rebuildProjection();
        await core.repos.counts.recount();
        const after = await core.repos.ledger.dumpProjection();
        const same = JSON.stringify(before) === JSON.stringify(after);
        console.log(
          `Projection rebuilt from the ledger: ${rows} rows; ${same ? 'identical to before' : 'DIFFERENT from before (the old projection was stale)'}.`,
        );
        break;
      }
      case 'verify': {
        const r = await core.service.verifyLedger(CLI_ADMIN, { subjectId: args[0] ?? null });
        console.log(
          r.firstBrokenRecordId === null
            ? `Hash chains intact: ${r.recordsChecked} records.`
            : `Ledger BROKEN at record ${r.firstBrokenRecordId} (${r.recordsChecked} records checked).`,
        );
        if (!r.checkpoint) console.log('No checkpoint yet (pnpm assent checkpoint makes one).');
        else if (r.checkpointOk)
          console.log(
            `Checkpoint ${r.checkpoint.id} of ${r.checkpoint.at.toISOString()} holds: ${r.checkpoint.subjects} subjects, ${r.checkpoint.records} records.`,
          );
        else console.log(`Checkpoint ${r.checkpoint.id} FAILS: ${r.checkpointProblem}.`);
        if (!r.ok) process.exitCode = 2;
        break;
      }
      case 'checkpoint': {
        // Under the maker's lease, as the scheduler makes them: a checkpoint another process is making is waited for.
        const cp = await core.checkpoints.makeNow(120_000);
        console.log(
          `Checkpoint ${cp.id} signed at ${cp.at.toISOString()}: ${cp.subjects} subjects, ${cp.records} records, root ${cp.root}.`,
        );
        await core.checkpoints.publish(cp);
        break;
      }
      case 'rotate-signing-key': {
        const kid = await core.signing.rotate();
        console.log(`Signing key ${kid} is now current; earlier keys stay in /.well-known/jwks.json.`);
        break;
      }
      case 'migrate':
        console.log('Migrations are applied.');
        break;
      case 'seed':
        console.log('Demo data is in place (seeded only if the database was empty).');
        break;
      case 'import': {
        const file = args[0];
        const at = args.indexOf('--batch-rows');
        if (!file || file.startsWith('--') || (at !== -1 && args[at + 1] === undefined))
          throw new Error('Usage: pnpm assent import <file.csv|file.jsonl> [--batch-rows <n>]');
        const { importFile, IMPORT_FILE_PG_LANES, IMPORT_FILE_PG_CALL_SUBJECTS } = await import('./import-file.ts');
        const tty = process.stderr.isTTY;
        const r = await importFile(core.service, fromCaller(file), {
          principal: CLI_ADMIN,
          batchRows: at === -1 ? undefined : Number(args[at + 1]),
          // PostgreSQL: several calls in flight (subjects split between them), so one call's planning here overlaps
          // another's inserts in the database. SQLite has one writer, in this process: one lane.
          lanes: core.db.kind === 'postgres' ? IMPORT_FILE_PG_LANES : 1,
          maxCallSubjects: core.db.kind === 'postgres' ? IMPORT_FILE_PG_CALL_SUBJECTS : undefined,
          progress: (line) => process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`),
        });
        if (tty) process.stderr.write('\n');
        console.log(
          `Imported ${r.imported} of ${r.rows} rows in ${r.seconds.toFixed(1)} s (${r.duplicates} already imported, skipped; ${r.rejected} rejected${r.rejected ? `: see ${r.rejectedFile}` : ''}).`,
        );
        if (r.rejected > 0) process.exitCode = 2;
        break;
      }
      case 'staff': {
        const { staffCommand } = await import('./staff-cli.ts');
        await staffCommand(core, args);
        break;
      }
      case 'dispatcher': {
        const { runDispatcherAlone } = await import('./outbox/run-dispatcher.ts');
        await runDispatcherAlone(core);
        return;
      }
      default:
        console.error(`Unknown command '${command}'.\n\n${HELP}`);
        process.exitCode = 1;
    }
  } finally {
    if (command !== 'dispatcher') await core.close();
  }
}

/** `pnpm assent verify-receipt <file> [--jwks <url|file>]`: exit 0 and print the record, or exit 2 saying why not. */
async function verifyReceiptCommand(args: string[], env: Env) {
  const { loadJwks, receiptJwsOf, summarizeReceipt, verifyReceipt } = await import('./crypto/verify-receipt.ts');
  const at = args.indexOf('--jwks');
  const given = at >= 0 ? args[at + 1] : undefined;
  const jwksSource =
    given !== undefined
      ? /^https?:\/\//.test(given)
        ? given
        : fromCaller(given)
      : at >= 0
        ? undefined
        : `${(env.ASSENT_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')}/.well-known/jwks.json`;
  const file = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  if (!file || !jwksSource) throw new Error('Usage: pnpm assent verify-receipt <file> [--jwks <url|file>]');
  const jws = receiptJwsOf(await readFile(fromCaller(file), 'utf8'));
  try {
    const r = await verifyReceipt(jws, await loadJwks(jwksSource));
    console.log(`Receipt VERIFIED: signed with key ${r.kid} (${r.alg}) of ${jwksSource}.\n`);
    console.log(summarizeReceipt(r.payload));
    console.log(`\n${JSON.stringify(r.payload, null, 2)}`);
  } catch (e) {
    console.error(`Receipt NOT verified against ${jwksSource}: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
