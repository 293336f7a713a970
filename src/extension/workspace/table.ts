/** Every workspace / credential / token command handler, as one table (loaded on first use, see ./index). */
import type { CommandTable } from '../services';
import { confReviewCommands } from './confWriter';
import type { WorkspaceContext } from './context';
import { credentialCommands } from './credentials';
import { profileAndTokenCommands } from './profileAndTokens';
import { workspaceCommands } from './workspaces';

export function workspaceCommandTable(ctx: WorkspaceContext): CommandTable {
  return { ...workspaceCommands(ctx), ...credentialCommands(ctx), ...profileAndTokenCommands(ctx), ...confReviewCommands };
}
