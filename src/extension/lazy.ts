/**
 * Loading on first use. Activation registers every view, command and provider but loads only what the first view
 * needs; an area's implementation is an `import()` that the build turns into a file of its own (scripts/build.mjs),
 * loaded the first time a command, panel or editor of that area is used.
 */
import type { CommandTable } from './services';

/** `load` runs once, on the first call; later calls share its promise (a failed load is retried). */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((e: unknown) => { loading = undefined; throw e; });
    return loading;
  };
}

/** Handlers for `ids` that load the real command table on their first call. */
export function lazyCommands(ids: readonly string[], load: () => Promise<CommandTable>): CommandTable {
  const table = once(load);
  return Object.fromEntries(ids.map((id) => [id, async (...args: unknown[]) => {
    const handler = (await table())[id];
    if (!handler) throw new Error(`command ${id} has no handler`);
    return handler(...args);
  }]));
}
