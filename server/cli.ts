/**
 * `npm run server -- --port 8008 --edition hosted --data state.json [--seed demo|showcase|empty] [--host 127.0.0.1]
 *  [--token-lifetime 3600] [--enable-test-control] [--quiet]`
 * Prints one line "ClearML API server listening on http://<host>:<port> (edition <e>)"; in a terminal, then the demo
 * user's credentials to sign in with (fixed demo data, server/demo.ts); then one line per request (method, path,
 * result, duration — never headers or bodies). A pipe (npm start's server.log, tests) never gets the secret key.
 */
import { DEMO } from './demo';
import { startServer, type Edition } from './index';
import { SEED_NAMES, type Seed } from './state';

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run server -- --port 8008 --edition opensource|enterprise|hosted --data state.json [--seed demo|showcase|empty] [--host 127.0.0.1] [--token-lifetime <sec>] [--enable-test-control] [--quiet]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument "${a}"`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (['enable-test-control', 'quiet', 'help'].includes(name)) out[name] = true;
    else if (inline !== undefined) out[name] = inline;
    else if (i + 1 < argv.length) out[name] = argv[++i];
    else usage(`--${name} needs a value`);
  }
  return out;
}

/** What to type into "ClearML: Sign In" for this server: every seed keeps the demo user and this key. */
function signInHelp(url: string): string {
  return [
    `Sign in as ${DEMO.user.name} (demo data):`,
    `  API server:  ${url}`,
    `  access key:  ${DEMO.signIn.accessKey}`,
    `  secret key:  ${DEMO.signIn.secretKey}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) usage('ClearML settings local API server');
  const known = ['port', 'edition', 'data', 'seed', 'host', 'token-lifetime', 'enable-test-control', 'quiet'];
  for (const k of Object.keys(args)) if (!known.includes(k)) usage(`unknown option --${k}`);
  const edition = (args.edition ?? 'hosted') as Edition;
  if (!['opensource', 'enterprise', 'hosted'].includes(edition)) usage(`--edition must be opensource, enterprise or hosted (got "${String(edition)}")`);
  const port = args.port === undefined ? 8008 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be 0..65535 (got "${String(args.port)}")`);
  const seed = (args.seed ?? 'demo') as Seed;
  if (!SEED_NAMES.includes(seed)) usage(`--seed must be ${SEED_NAMES.join(', ')}`);
  const lifetime = args['token-lifetime'] === undefined ? undefined : Number(args['token-lifetime']);
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime <= 0)) usage('--token-lifetime must be a positive number of seconds');
  const quiet = args.quiet === true;
  const running = await startServer({
    port, edition, seed,
    host: typeof args.host === 'string' ? args.host : undefined,
    dataFile: typeof args.data === 'string' ? args.data : undefined,
    tokenLifetimeSec: lifetime,
    enableTestControl: args['enable-test-control'] === true,
    log: quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(`ClearML API server listening on ${running.url} (edition ${edition})\n`);
  if (process.stdout.isTTY) process.stdout.write(signInHelp(running.url));
  const stop = (): void => { void running.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
