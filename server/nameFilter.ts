/**
 * The `name` filter of users.get_all(_ex). The real server hands it to MongoDB as a case-insensitive regular
 * expression, which MongoDB bounds with its own limits. Here the pattern runs in a separate V8 context with a time
 * budget, so a catastrophic pattern such as `^(a+)+$` costs at most MATCH_BUDGET_MS instead of blocking the server.
 */
import { runInContext, createContext, Script } from 'node:vm';
import { apiError } from './errors';

/** MongoDB rejects patterns longer than 32 KB; shorter here, user names are short. */
export const MAX_PATTERN_LENGTH = 1024;
export const MATCH_BUDGET_MS = 100;

const sandbox = createContext({});
const matcher = runInContext('(function (pattern, names) { const re = new RegExp(pattern, "i"); return names.map((n) => re.test(n)); })', sandbox) as unknown;
const invoke = new Script('matcher(pattern, names)');

/** Which of `names` match `pattern`; 400/12 for an invalid, too long or too slow pattern. */
export function matchNames(pattern: string, names: string[]): boolean[] {
  if (pattern.length > MAX_PATTERN_LENGTH) throw apiError(400, 12, `error for field 'name'. the regular expression is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    new RegExp(pattern, 'i');
  } catch {
    throw apiError(400, 12, `error for field 'name'. invalid regular expression`);
  }
  Object.assign(sandbox, { matcher, pattern, names });
  try {
    return [...(invoke.runInContext(sandbox, { timeout: MATCH_BUDGET_MS }) as boolean[])];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw apiError(400, 12, `error for field 'name'. the regular expression took longer than ${MATCH_BUDGET_MS} ms to match (catastrophic backtracking)`);
    }
    throw e;
  } finally {
    Object.assign(sandbox, { pattern: undefined, names: undefined });
  }
}
