/**
 * Entry point VS Code's extension test runner loads (extensionTestsPath) inside the real extension host.
 * Runs every out/test/integration/**\/*.test.js with mocha.
 * env (inherited from code-server through the driver / runTests' extensionTestsEnv):
 *   VSCODE_TEST_LOG      file the mocha report is appended to (the host's stdout is not visible anywhere)
 *   MOCHA_GREP           only tests whose full title matches this pattern
 *   TEST_RESULT_FILE     JSON { passed, failed, pending, durationMs, failures[] } for the test aggregator
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { cleanupTmpDirs } from './helpers';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: { title: string; error: string }[];
}

/** Compiled tests whose .ts source still exists (tsc never deletes the output of a removed or renamed test). */
function findTests(dir: string): string[] {
  const sourceDir = path.resolve(dir, '..', '..', '..', 'test', 'integration');
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .map((f) => path.join(dir, f))
    .sort();
}

export function run(): Promise<void> {
  // Failure stack traces point at the .ts sources (tsc writes source maps next to out/).
  process.setSourceMapsEnabled(true);
  const logFile = process.env.VSCODE_TEST_LOG;
  if (logFile) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => fs.appendFileSync(logFile, util.format(...args) + '\n');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);

  const started = Date.now();
  const failures: SuiteResult['failures'] = [];
  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        cleanupTmpDirs();
        const result: SuiteResult = {
          passed: runner.stats?.passes ?? 0,
          failed,
          pending: runner.stats?.pending ?? 0,
          durationMs: Date.now() - started,
          failures,
        };
        Mocha.reporters.Base.consoleLog(`integration: ${result.passed} passed, ${result.failed} failed`);
        if (process.env.TEST_RESULT_FILE) fs.writeFileSync(process.env.TEST_RESULT_FILE, JSON.stringify(result, null, 1));
        if (failed) reject(new Error(`${failed} integration tests failed`));
        else resolve();
      });
      runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) }));
    } catch (e) {
      // A test file that throws while loading must fail the run visibly, not vanish.
      const error = e instanceof Error ? e.stack ?? e.message : String(e);
      Mocha.reporters.Base.consoleLog(`failed to load the integration tests: ${error}`);
      if (process.env.TEST_RESULT_FILE) {
        fs.writeFileSync(process.env.TEST_RESULT_FILE, JSON.stringify({ passed: 0, failed: 1, pending: 0, durationMs: 0, failures: [{ title: 'loading test files', error }] }));
      }
      reject(e);
    }
  });
}
