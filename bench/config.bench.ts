/**
 * Config engine budgets: parsing a generated 1 MB clearml.conf-style HOCON file must take at most
 * 3x JSON.parse of the same data as JSON; mergeVaults of a 50 KB base and a 10 KB vault (with provenance)
 * must have a median under 5 ms. Same machine, same run.
 */
import { mergeVaults, parseHocon } from '../src/core/config/index';
import { performance } from 'node:perf_hooks';
import { fmt, median, timeRuns } from './stats';
import { seededRandom } from '../src/core/seededRandom';

/** clearml.conf-style text: comments, unquoted URLs, quoted secrets, numbers, True/False, arrays of objects, dotted keys. */
export function generateClearmlConf(targetBytes: number, seed = 1): string {
  const r = seededRandom(seed);
  const word = () => Math.floor(r() * 1e9).toString(36);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const s = `# section ${i}: generated settings for ${word()}
section_${i} {
    # Notice: 'host' is the api server (default port 8008), not the web server.
    api_server: https://api-${i}.example.com
    web_server: https://app-${i}.example.com:8080/
    files_server: "https://files-${i}.example.com"
    verify_certificate: ${r() < 0.5 ? 'True' : 'false'}
    credentials {
        "access_key" = "${word().toUpperCase()}${word().toUpperCase()}"
        "secret_key" = "${word()}$${word()}#${word()}"
    }
    http.retries.total: ${Math.floor(r() * 500)}
    http.retries.backoff_factor: ${(r() * 4).toFixed(2)}
    storage {
        cache.default_base_dir: ~/.clearml/cache-${i}
        direct_access: [
            # local files
            { url: "file://*" }
        ]
    }
    aws.s3 {
        region: us-east-${i % 3}
        credentials: [
            { bucket: "bucket-${word()}", key: "${word()}", secret: "${word()}", multipart: false },
            {
                host: "minio-${i}:9000"
                key: "${word()}"
                secret: "${word()}"
                secure: ${r() < 0.5 ? 'true' : 'false'}
            },
        ]
    }
    tags: [alpha, "beta ${i}", ${Math.floor(r() * 100)}, ${(r() * 100).toFixed(3)}]
    sizes: [[500, 0], [${i}, 1]]
    limits { max: 15728640, ratio: 0.5, enabled: true, label: plain text value ${i} }
}
`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

/**
 * Alternates blocks of `perBlock` runs of a and of b; returns the mean per-run milliseconds of each block.
 * Blocks (not single runs) so that each function pays for the garbage collection its own allocations cause;
 * alternating, with the order swapped every pair, so that both see the same load on the shared machine and
 * neither always runs right after the other's garbage.
 */
function alternatingBlocks(a: () => unknown, b: () => unknown, blocks: number, perBlock: number): { a: number[]; b: number[] } {
  for (let i = 0; i < perBlock; i++) { a(); b(); }
  const ta: number[] = [];
  const tb: number[] = [];
  const block = (f: () => unknown): number => {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) f();
    return (performance.now() - t0) / perBlock;
  };
  for (let k = 0; k < blocks; k++) {
    if (k % 2 === 0) { ta.push(block(a)); tb.push(block(b)); }
    else { tb.push(block(b)); ta.push(block(a)); }
  }
  return { a: ta, b: tb };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

export async function run(): Promise<void> {
  const text = generateClearmlConf(1024 * 1024);
  // only the JSON text is kept: a retained parse result would make every major GC of the timed runs slower
  const json = JSON.stringify(parseHocon(text, { env: {} }));
  const { a: hoconBlocks, b: jsonBlocks } = alternatingBlocks(() => parseHocon(text, { env: {} }), () => JSON.parse(json), 16, 6);
  const h = median(hoconBlocks);
  const j = median(jsonBlocks);
  // each parseHocon block is paired with the JSON.parse block next to it (same machine load)
  const ratios = hoconBlocks.map((x, i) => x / jsonBlocks[i]);
  const paired = median(ratios);
  console.log(`parseHocon 1 MB clearml.conf-style (${(text.length / 1024).toFixed(0)} KB HOCON, ${(json.length / 1024).toFixed(0)} KB as compact JSON): ${fmt(h)} per parse (median of 16 blocks of 6, GC included)`);
  console.log(`JSON.parse of the same data, alternating blocks: ${fmt(j)} per parse`);
  console.log(`RATIO parseHocon / JSON.parse = ${paired.toFixed(2)}x  (median of 16 paired blocks; quartiles ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)}; budget 3x) ${paired <= 3 ? 'OK' : 'OVER BUDGET'}`);
  // for reference: the same data as indented JSON (a layout like the HOCON file's), not used for the budget
  const pretty = JSON.stringify(JSON.parse(json), null, 4);
  const { a: h2, b: j2 } = alternatingBlocks(() => parseHocon(text, { env: {} }), () => JSON.parse(pretty), 4, 8);
  console.log(`  (reference: vs JSON.parse of ${(pretty.length / 1024).toFixed(0)} KB indented JSON: ${median(h2.map((x, i) => x / j2[i])).toFixed(2)}x)`);

  const base = generateClearmlConf(50 * 1024, 2);
  const vault = generateClearmlConf(10 * 1024, 3).replace(/section_(\d+)/g, (_m, n: string) => `section_${Number(n) * 2}`);
  const mergeRuns = await timeRuns(() => mergeVaults(base, [{ name: 'vault', format: 'hocon', text: vault }], { env: {} }), 60, 10);
  const result = mergeVaults(base, [{ name: 'vault', format: 'hocon', text: vault }], { env: {} });
  const m = median(mergeRuns);
  console.log(`mergeVaults ${(base.length / 1024).toFixed(0)} KB base + ${(vault.length / 1024).toFixed(0)} KB vault, ${result.provenance.size} provenance leaves: median ${fmt(m)} (budget 5 ms) ${m < 5 ? 'OK' : 'OVER BUDGET'}`);
  await hostileVaults();
}

/** Hostile vault texts: the time mergeVaults takes to refuse each one (the vault becomes a parse-error). */
async function hostileVaults(): Promise<void> {
  const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  const ladder = [`a0 = "${'x'.repeat(1000)}"`];
  for (let k = 1; k <= 9; k++) ladder.push(`a${k} = [${Array(10).fill(`\${a${k - 1}}`).join(', ')}]`);
  const attacks: { label: string; format: 'hocon' | 'yaml'; text: string }[] = [
    { label: 'YAML alias bomb', format: 'yaml', text: bomb.join('\n') },
    { label: 'dotted key, 4,500 segments', format: 'hocon', text: 'a' + '.a'.repeat(4499) + ' = 1' },
    { label: 'dotted key, 100,000 segments', format: 'hocon', text: 'a' + '.a'.repeat(99_999) + ' = 1' },
    { label: 'YAML nested 20,000 deep', format: 'yaml', text: 'a: ' + '['.repeat(20_000) + ']'.repeat(20_000) },
    { label: 'substitution expansion bomb', format: 'hocon', text: ladder.join('\n') },
  ];
  for (const a of attacks) {
    const times = await timeRuns(() => {
      const r = mergeVaults('sdk { a: 1 }', [{ name: 'hostile', format: a.format, text: a.text }], { env: {} });
      if (r.vaults[0].status !== 'parse-error') throw new Error(`${a.label} was not refused`);
    }, 9, 1);
    const worst = Math.max(...times);
    console.log(`hostile vault refused: ${a.label} (${a.text.length} bytes): median ${fmt(median(times))}, max ${fmt(worst)} (budget 200 ms) ${worst < 200 ? 'OK' : 'OVER BUDGET'}`);
  }
}
