/**
 * The clearml.conf `npm start` writes for the demo server, without ever losing the user's edits to it: the file is
 * (re)written only when it is missing or still exactly what we wrote last time (its SHA-256 is kept beside it).
 * An edited file that still points at the running server is kept as it is; one that points elsewhere (the API port
 * changed) is copied to clearml.conf.bak first, and the caller says so.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export type DemoConfOutcome =
  | { action: 'written' }
  | { action: 'unchanged' }
  | { action: 'kept-edited' }
  | { action: 'replaced-edited'; backup: string };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The demo clearml.conf for a server at `apiUrl` and the demo user's key. */
export function demoConfText(apiUrl: string, accessKey: string, secretKey: string): string {
  return `# Written by npm start for the local demo server. Edits are kept: npm start rewrites this file only while it is
# unchanged (a copy goes to clearml.conf.bak if the demo server's address changes).
api {
  api_server: ${apiUrl}
  web_server: ${apiUrl}
  files_server: ${apiUrl}
  credentials {
    "access_key" = "${accessKey}"
    "secret_key" = "${secretKey}"
  }
}
`;
}

/** `hashFile` holds the SHA-256 of what we wrote last; `apiUrl` is the address the edited file must still name. */
export function writeDemoConf(options: { file: string; hashFile: string; text: string; apiUrl: string }): DemoConfOutcome {
  const { file, hashFile, text, apiUrl } = options;
  const write = (): void => {
    fs.writeFileSync(file, text);
    fs.writeFileSync(hashFile, `${sha256(text)}\n`);
  };
  if (!fs.existsSync(file)) { write(); return { action: 'written' }; }
  const current = fs.readFileSync(file, 'utf8');
  const ours = fs.existsSync(hashFile) ? fs.readFileSync(hashFile, 'utf8').trim() : undefined;
  if (current === text) { if (ours !== sha256(text)) fs.writeFileSync(hashFile, `${sha256(text)}\n`); return { action: 'unchanged' }; }
  if (ours === sha256(current)) { write(); return { action: 'written' }; }
  // Edited by the user (or written before hashes were kept): their text wins while it still reaches the demo server.
  if (current.includes(apiUrl)) return { action: 'kept-edited' };
  const backup = `${file}.bak`;
  fs.writeFileSync(backup, current);
  write();
  return { action: 'replaced-edited', backup };
}

/** Before `--fresh` wipes the demo folder: the edited clearml.conf's text, to be kept as a .bak; undefined if ours. */
export function editedDemoConf(file: string, hashFile: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const current = fs.readFileSync(file, 'utf8');
  const ours = fs.existsSync(hashFile) ? fs.readFileSync(hashFile, 'utf8').trim() : undefined;
  return ours === sha256(current) ? undefined : current;
}
