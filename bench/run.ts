/** `npm run bench`: runs every bench/*.bench.ts module's `run()` in turn. Never part of the test pass/fail. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only))).sort();
  for (const file of files) {
    console.log(`\n## ${file.replace(/\.bench\.js$/, '')}`);
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<void> | void };
    await mod.run();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
