/** Every workspace / credential / token command handler, as one table (ids of package.json). */
import type { CommandTable } from '../services';
import { confReviewCommands } from './confWriter';
import type { WorkspaceContext } from './context';
import { credentialCommands } from './credentials';
import { profileAndTokenCommands } from './profileAndTokens';
import { workspaceCommands } from './workspaces';

export type { WorkspaceContext } from './context';

export function workspaceCommandTable(ctx: WorkspaceContext): CommandTable {
  return { ...workspaceCommands(ctx), ...credentialCommands(ctx), ...profileAndTokenCommands(ctx), ...confReviewCommands };
}
