/**
 * conf-language budgets (issue 20), plain Node, medians: on a ~61 KB clearml.conf (the SDK's and the agent's example
 * files, then 400 S3 bucket entries) lint < 15 ms, hover < 5 ms, completion < 5 ms. Figures, not a pass/fail test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { completeConf, hoverConf, lintConf } from '../src/core/conf-language';
import { fmt, median, timeRuns } from './stats';

const FIXTURES = path.join(__dirname, '../../test/fixtures/config');

export function buildLargeConf(entries = 400): string {
  const examples = ['real_clearml_docs_clearml.conf', 'real_agent_docs_clearml.conf'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
  const buckets = Array.from({ length: entries }, (_, i) => `  { bucket: "b-${i}", key: "AKIA${i}", secret: "s-${i}", secure: true }`);
  return `${examples.join('\n')}\nsdk.aws.s3.credentials: [\n${buckets.join('\n')}\n]\n`;
}

function positionOf(text: string, needle: string, delta: number): { line: number; character: number } {
  const at = text.lastIndexOf(needle) + delta;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const BUDGET = { lint: 15, hover: 5, completion: 5 };

export async function run(): Promise<void> {
  const text = buildLargeConf();
  const env = { CLEARML_API_HOST: 'http://env:8008' };
  const vaults = [{ name: 'team', format: 'hocon' as const, text: 'sdk.development.default_output_uri: "s3://bucket-1/out"' }];
  const hoverAt = positionOf(text, 'api_server:', 3);
  const completeAt = positionOf(text, 'secure: true }', 0);
  const lint = median(await timeRuns(() => lintConf(text), 30, 5));
  const hover = median(await timeRuns(() => hoverConf(text, hoverAt, { env, vaults }), 30, 5));
  const completion = median(await timeRuns(() => completeConf(text, completeAt), 30, 5));
  console.log(`clearml.conf of ${(text.length / 1024).toFixed(1)} KB (${text.split('\n').length} lines, ${lintConf(text).length} findings)`);
  for (const [name, ms] of [['lint', lint], ['hover', hover], ['completion', completion]] as const) {
    console.log(`${name.padEnd(10)} median ${fmt(ms)} (budget < ${BUDGET[name]} ms) ${ms < BUDGET[name] ? 'ok' : 'OVER BUDGET'}`);
  }
}
