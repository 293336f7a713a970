/**
 * Every workspace / credential / token command, from the palette (no arguments: the quick picks are answered)
 * and from a tree node (the node is the argument), against the local server over HTTP; clearml.conf edits use
 * real files in a temporary directory.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, calls, harness, resetAccounts, section, sectionChildren, server, signIn, type Harness } from './accountsFixture';
import { tmpDir } from './helpers';

const OWN = DEMO.workspaces.own;
const VISION = DEMO.workspaces.vision;

describe('workspace commands', function () {
  this.timeout(30_000);
  let h: Harness;
  let hosted: RunningServer;
  let confPath: string;

  beforeEach(async () => {
    h = await harness();
    await resetAccounts(h);
    // A fresh server per test: commands change its state.
    hosted = await server('hosted');
    confPath = path.join(tmpDir(), 'clearml.conf');
    process.env.CLEARML_CONFIG_FILE = confPath;
    await h.testing.detectedSetup();
    h.prompts.answer();
    await signIn(hosted.url);
  });
  afterEach(async () => {
    await resetAccounts(h);
    await hosted.close();
  });

  const jane = () => hosted.state.user(DEMO.user.id)!;
  /** Switches from the palette to Vision Team, entering its key (which VS Code then stores). */
  const switchToVisionWithItsKey = async (): Promise<void> => {
    h.prompts.answer(
      { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
      { kind: 'quickPick', match: /no credentials/, answer: 'Enter an existing access key and secret' },
      { kind: 'inputBox', match: /Access key/, answer: VISION.credentials.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: VISION.credentials.secretKey },
    );
    await vscode.commands.executeCommand('clearml.switchWorkspace');
  };
  const keysOfJane = (companyId: string) => hosted.state.data.credentials.filter((c) => c.userId === DEMO.user.id && c.companyId === companyId);

  describe('switch workspace', () => {
    it('from the palette: picks the workspace, asks for its credentials, remembers users.activeWorkspace like the web UI', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials for "Vision Team"/, answer: 'Enter an existing access key and secret' },
        { kind: 'inputBox', match: /Access key/, answer: VISION.credentials.accessKey },
        { kind: 'inputBox', match: /Secret key/, answer: VISION.credentials.secretKey },
      );
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      h.prompts.assertUsed();
      assert.equal(h.api.accounts.active?.profile.workspaceId, VISION.id);
      assert.equal(h.api.accounts.active?.profile.accessKey, VISION.credentials.accessKey);
      const prefs = jane().preferences as { users: { activeWorkspace: { id: string }; showOnlyUserWork: unknown } };
      assert.equal(prefs.users.activeWorkspace.id, VISION.id);
      assert.deepEqual(prefs.users.showOnlyUserWork, { experiments: false }, 'the rest of the users slice is kept');
      assert.match(h.testing.statusBar().text, /· Vision Team$/);
    });

    it('from a tree node, back to a workspace with stored credentials: no prompt', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /no credentials/, answer: 'Enter an existing access key and secret' },
        { kind: 'inputBox', match: /Access key/, answer: VISION.credentials.accessKey },
        { kind: 'inputBox', match: /Secret key/, answer: VISION.credentials.secretKey },
      );
      const workspaces = (await h.testing.model.children())[1];
      await vscode.commands.executeCommand('clearml.switchWorkspace', (await h.testing.model.children(workspaces))[1]);
      assert.equal(h.api.accounts.active?.profile.workspaceId, VISION.id);
      h.prompts.answer();
      h.testing.model.refresh();
      const ownNode = (await h.testing.model.children((await h.testing.model.children())[1])).find((w) => w.workspaceId === OWN.id)!;
      await vscode.commands.executeCommand('clearml.switchWorkspace', ownNode);
      assert.deepEqual(h.prompts.seen.filter((p) => p.kind !== 'message'), [], 'stored credentials were used');
      assert.equal(h.api.accounts.active?.profile.accessKey, DEMO.signIn.accessKey);
    });

    it('can create credentials for VS Code in the target workspace', async () => {
      const before = keysOfJane(VISION.id).length;
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials/, answer: 'Create new credentials for VS Code in this workspace' },
      );
      hosted.journal.length = 0;
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      assert.equal(keysOfJane(VISION.id).length, before + 1);
      const created = keysOfJane(VISION.id).find((c) => c.label === 'vscode');
      assert.equal(h.api.accounts.active?.profile.accessKey, created?.accessKey);
      // No switch endpoint: a key created with the tenant header, a login with it, the web app's preference.
      const names = hosted.journal.map((c) => c.endpoint);
      assert.ok(!names.some((n) => /switch/.test(n)), names.join(', '));
      assert.deepEqual(hosted.journal.filter((c) => c.endpoint === 'auth.create_credentials').map((c) => [c.body, c.tenant]), [[{ label: 'vscode' }, VISION.id]]);
      assert.equal((jane().preferences as { users: { activeWorkspace: { id: string } } }).users.activeWorkspace.id, VISION.id);
      const listedBefore = hosted.journal.filter((c) => c.endpoint === 'users.get_all_ex').length;
      await sectionChildren(h, 'members');
      const listedAfter = hosted.journal.filter((c) => c.endpoint === 'users.get_all_ex').slice(listedBefore);
      assert.ok(listedAfter.length > 0 && listedAfter.every((c) => c.tenant === VISION.id), 'calls now act in Vision Team');
    });

    it('a stored key that expired is forgotten and VS Code asks again; the tree marks expired keys', async () => {
      await switchToVisionWithItsKey();
      const back = (await h.testing.model.children((await h.testing.model.children())[1])).find((w) => w.workspaceId === OWN.id)!;
      h.prompts.answer();
      await vscode.commands.executeCommand('clearml.switchWorkspace', back);
      assert.equal(h.api.accounts.active?.profile.workspaceId, OWN.id);
      hosted.state.credential(VISION.credentials.accessKey)!.expires = '2026-01-01T00:00:00.000000+00:00';
      h.testing.model.refresh();
      const group = (await sectionChildren(h, 'credentials')).find((n) => n.kind === 'credentialGroup')!;
      const keys = await h.testing.model.children(group);
      const expiredNode = keys.find((k) => k.accessKey === VISION.credentials.accessKey)!;
      assert.match(expiredNode.description ?? '', /^expired/);
      assert.match(expiredNode.contextValue, /\bexpired\b/);
      assert.equal(expiredNode.icon, 'warning');
      h.prompts.answer({ kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name }, { kind: 'quickPick', match: /no credentials for "Vision Team"/, answer: undefined });
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      h.prompts.assertUsed();
      assert.equal(h.api.accounts.active?.profile.workspaceId, OWN.id);
    });

    it('at the credentials limit VS Code cannot create a key there and says so in the choice', async () => {
      const held = hosted.state.data.credentials.filter((c) => c.userId === DEMO.user.id).length;
      hosted.state.addCredentials(DEMO.user.id, OWN.id, 10 - held);
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials/, answer: (p) => {
          assert.deepEqual(p.kind === 'quickPick' && p.items, ['Enter an existing access key and secret']);
          assert.match(p.kind === 'quickPick' ? p.placeHolder ?? '' : '', /10 of 10 app credentials/);
          return undefined;
        } },
      );
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      h.prompts.assertUsed();
      assert.equal(calls(hosted, 'auth.create_credentials'), 0);
    });

    it('creating the key in the target fails: the error names the endpoint and the session stays in this workspace', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials/, answer: 'Create new credentials for VS Code in this workspace' },
      );
      hosted.faults.set('auth.create_credentials', { error: { code: 500, message: 'disk full' }, times: 1 });
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      assert.match(h.prompts.messages('error')[0]?.message ?? '', /Switching to workspace "Vision Team" failed: auth\.create_credentials: .*disk full/);
      assert.equal(h.api.accounts.active?.profile.workspaceId, OWN.id);
      const user = await h.api.accounts.active!.client.getCurrentUser();
      assert.equal(user.company.id, OWN.id, 'calls still reach the workspace the profile and status bar name');
    });

    it('wrong credentials for the target: the error names auth.login and the state is unchanged', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials/, answer: 'Enter an existing access key and secret' },
        { kind: 'inputBox', match: /Access key/, answer: VISION.credentials.accessKey },
        { kind: 'inputBox', match: /Secret key/, answer: 'wrong' },
      );
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      const error = h.prompts.messages('error')[0];
      assert.match(error?.message ?? '', /Switching to workspace "Vision Team" failed: auth\.login: .*\(401\/22\)/);
      assert.equal(h.api.accounts.active?.profile.workspaceId, OWN.id);
    });

    it('credentials of another workspace are refused with a clear reason', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Switch to which workspace/, answer: VISION.name },
        { kind: 'quickPick', match: /no credentials/, answer: 'Enter an existing access key and secret' },
        { kind: 'inputBox', match: /Access key/, answer: OWN.otherCredentials[0].accessKey },
        { kind: 'inputBox', match: /Secret key/, answer: OWN.otherCredentials[0].secretKey },
      );
      await vscode.commands.executeCommand('clearml.switchWorkspace');
      assert.match(h.prompts.messages('error')[0]?.message ?? '', /belong to workspace Jane's workspace, not Vision Team/);
    });
  });

  describe('user name', () => {
    it('edits the name from the palette (at least 2 characters)', async () => {
      h.prompts.answer({ kind: 'inputBox', match: /Edit User Name/, answer: 'J' });
      assert.equal(await vscode.commands.executeCommand('clearml.editUserName'), false);
      assert.match(h.api.testing.ui.history()[0].validationError ?? '', /at least 2 characters/);
      assert.equal(jane().name, DEMO.user.name);
      h.prompts.answer({ kind: 'inputBox', match: /Edit User Name/, answer: 'Jane Q. Doe' });
      assert.equal(await vscode.commands.executeCommand('clearml.editUserName'), true);
      assert.equal(jane().name, 'Jane Q. Doe');
    });

    it('edits the name from the profile node; the node shows it without another request', async () => {
      const [profile] = await h.testing.model.children();
      h.prompts.answer({ kind: 'inputBox', match: /Edit User Name/, answer: (p) => { assert.equal(p.kind === 'inputBox' && p.value, DEMO.user.name); return 'Jane Roe'; } });
      await vscode.commands.executeCommand('clearml.editUserName', profile);
      assert.equal(jane().name, 'Jane Roe');
      const before = calls(hosted, 'users.get_current_user');
      assert.equal((await h.testing.model.children())[0].label, 'Jane Roe');
      assert.equal(calls(hosted, 'users.get_current_user'), before);
    });
  });

  describe('app credentials', () => {
    const createdRules = (label: string, ...actions: (string | undefined)[]) => {
      let i = 0;
      return [
        { kind: 'inputBox' as const, match: /Create App Credentials/, answer: label },
        { kind: 'message' as const, match: /New credentials created/, answer: () => actions[i++], times: actions.length },
      ];
    };

    it('creates credentials from the palette and shows them once in the web UI format; Copy and Copy as Jupyter', async () => {
      h.prompts.answer(...createdRules('ci runner', 'Copy', 'Copy as Jupyter %env', undefined));
      const result = await vscode.commands.executeCommand<{ accessKey: string; label: string }>('clearml.createCredentials');
      assert.equal(result?.label, 'ci runner');
      const record = hosted.state.credential(result!.accessKey)!;
      assert.equal(record.label, 'ci runner');
      const dialog = h.prompts.messages('info').find((m) => /New credentials created/.test(m.message))!;
      assert.equal(dialog.modal, true);
      assert.deepEqual(dialog.actions, ['Copy', 'Copy as Jupyter %env', 'Write to clearml.conf']);
      const section = `api {\n  web_server: ${hosted.url}\n  api_server: ${hosted.url}\n  # ci runner\n  credentials {\n    "access_key" = "${record.accessKey}"\n    "secret_key" = "${record.secretKey}"\n  }\n}`;
      const [copied, jupyter] = h.api.testing.ui.clipboardWrites();
      assert.equal(copied, section);
      assert.match(jupyter, new RegExp(`%env CLEARML_API_ACCESS_KEY=${record.accessKey}\\n%env CLEARML_API_SECRET_KEY=${record.secretKey}`));
      assert.match(jupyter, new RegExp(`^%env CLEARML_WEB_HOST=${hosted.url}\\n`));
      const creds = await sectionChildren(h, 'credentials');
      assert.ok(creds.some((c) => c.accessKey === record.accessKey), 'the new key is listed');
      assert.ok(!JSON.stringify(h.api.accounts.profiles()).includes(record.secretKey), 'the secret is not kept');
    });

    /** Answers the review step (non-modal, the diff is open and scrollable) and the modal that follows. */
    const reviewThenWrite = (onReview: () => void = () => undefined, onConfirm: () => void = () => undefined) => [
      { kind: 'message' as const, match: /Review the change to .*clearml\.conf in the diff editor/, answer: () => { onReview(); return 'Write…'; } },
      { kind: 'message' as const, match: /Write the new credentials to/, answer: () => { onConfirm(); return 'Write'; } },
    ];
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

    it('creates credentials from the tree node and writes them to clearml.conf: diff reviewed first, a modal that names the change, backups, lossless', async () => {
      const original = '# my settings\nsdk {\n  development {\n    task_reuse_time_window_in_hours: 72.0  # keep\n  }\n}\napi {\n  api_server: http://old:8008\n  credentials {\n    "access_key" = "OLDKEY"\n    "secret_key" = "OLDSECRET"\n  }\n}\n';
      fs.writeFileSync(confPath, original);
      let previewed: { uri: string; text: string }[] = [];
      let diffTabsAtReview = 0;
      h.prompts.answer(
        ...createdRules('laptop 2', 'Write to clearml.conf', undefined),
        ...reviewThenWrite(() => {
          diffTabsAtReview = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff).length;
        }, () => { previewed = h.testing.preview(); }),
      );
      const node = await section(h, 'credentials');
      const result = await vscode.commands.executeCommand<{ accessKey: string; writtenTo: string }>('clearml.createCredentials', node);
      h.prompts.assertUsed();
      assert.equal(result?.writtenTo, confPath);
      const written = fs.readFileSync(confPath, 'utf8');
      const record = hosted.state.credential(result!.accessKey)!;
      assert.match(written, new RegExp(record.accessKey));
      assert.match(written, new RegExp(escape(record.secretKey)));
      assert.ok(!written.includes('OLDSECRET'));
      assert.ok(written.startsWith('# my settings\nsdk {\n  development {\n    task_reuse_time_window_in_hours: 72.0  # keep\n  }\n}\n'), 'untouched parts keep every byte');
      assert.equal(fs.readFileSync(`${confPath}.bak`, 'utf8'), original, 'backup of the previous file');
      assert.equal(fs.readFileSync(`${confPath}.orig.bak`, 'utf8'), original, 'first-write backup');
      assert.equal(diffTabsAtReview, 1, 'the diff editor was open (and not behind a modal) while the change was reviewed');
      assert.equal(previewed.length, 2, 'a diff of the current and the proposed text was open during the confirmation');
      assert.deepEqual(previewed.map((p) => p.text).sort(), [original, written].sort());
      assert.deepEqual(h.testing.preview(), [], 'preview texts dropped afterwards');
      const messages = h.prompts.messages();
      const reviewAt = messages.findIndex((m) => /Review the change to/.test(m.message));
      const confirmAt = messages.findIndex((m) => /Write the new credentials/.test(m.message));
      assert.ok(reviewAt >= 0 && reviewAt < confirmAt, 'the review step comes before the modal');
      assert.equal(messages[reviewAt].modal, false, 'the review step does not block the diff editor');
      const confirm = messages[confirmAt];
      assert.equal(confirm.modal, true);
      const detail = confirm.detail ?? '';
      assert.match(detail, new RegExp(`api\\.api_server: http://old:8008 → ${escape(hosted.url)}`));
      assert.match(detail, new RegExp(`api\\.credentials\\.access_key: OLDKEY → ${record.accessKey}`));
      assert.match(detail, /api\.credentials\.secret_key: replaced \(value hidden\)/);
      assert.match(detail, /clearml\.conf\.bak/);
      for (const m of messages) {
        assert.ok(!`${m.message}${m.detail}`.includes('OLDSECRET'), 'no old secret in any message');
        if (!/New credentials created/.test(m.message)) assert.ok(!`${m.message}${m.detail}`.includes(record.secretKey), `no new secret in "${m.message}"`);
      }
      // clearml.conf now uses the new key: the tree marks it.
      const creds = await sectionChildren(h, 'credentials');
      assert.match(creds.find((c) => c.accessKey === record.accessKey)!.contextValue, /\bconfKey\b/);
    });

    it('a change another program writes to clearml.conf before the confirmation is kept: the edit is rebuilt and reviewed again', async () => {
      const original = 'api {\n  api_server: http://old:8008\n}\n';
      const byClearmlInit = '# written by clearml-init meanwhile\nsdk { development { default_output_uri: "s3://bucket/out" } }\napi {\n  api_server: http://old:8008\n}\n';
      fs.writeFileSync(confPath, original);
      const reviewed: string[] = [];
      h.prompts.answer(
        ...createdRules('', 'Write to clearml.conf', undefined),
        { kind: 'message', match: /in the diff editor/, times: 2, answer: () => { reviewed.push(h.testing.preview().map((p) => p.text).join('')); return 'Write…'; } },
        { kind: 'message', match: /Write the new credentials to/, times: 2, answer: () => {
          if (fs.readFileSync(confPath, 'utf8') === original) fs.writeFileSync(confPath, byClearmlInit);
          return 'Write';
        } },
      );
      const result = await vscode.commands.executeCommand<{ accessKey: string; writtenTo: string }>('clearml.createCredentials');
      h.prompts.assertUsed();
      const second = h.prompts.messages('info').filter((m) => /in the diff editor/.test(m.message))[1];
      assert.match(second.message, new RegExp(`${escape(confPath)} was changed by another program while you were reviewing`));
      assert.match(reviewed[1], /written by clearml-init meanwhile/, 'the second diff is built on the new text');
      const written = fs.readFileSync(confPath, 'utf8');
      assert.ok(written.startsWith('# written by clearml-init meanwhile\nsdk { development { default_output_uri: "s3://bucket/out" } }\n'), written);
      assert.match(written, new RegExp(result!.accessKey));
      assert.equal(fs.readFileSync(`${confPath}.bak`, 'utf8'), byClearmlInit, 'the latest version is the backup');
      assert.equal(fs.readFileSync(`${confPath}.orig.bak`, 'utf8'), byClearmlInit, 'the original, kept once, is the version actually replaced');
    });

    it('declining the clearml.conf confirmation, or closing the review, leaves the file untouched', async () => {
      fs.writeFileSync(confPath, 'api { }\n');
      h.prompts.answer(...createdRules('', 'Write to clearml.conf', undefined), { kind: 'message', match: /in the diff editor/, answer: 'Write…' }, { kind: 'message', match: /Write the new credentials to/, answer: undefined });
      await vscode.commands.executeCommand('clearml.createCredentials');
      h.prompts.answer(...createdRules('', 'Write to clearml.conf', undefined), { kind: 'message', match: /in the diff editor/, answer: 'Cancel' });
      await vscode.commands.executeCommand('clearml.createCredentials');
      h.prompts.assertUsed();
      assert.equal(h.prompts.messages('warning').filter((m) => /Write the new credentials to/.test(m.message)).length, 0, 'Cancel at the review: no modal');
      assert.equal(fs.readFileSync(confPath, 'utf8'), 'api { }\n');
      assert.ok(!fs.existsSync(`${confPath}.bak`));
    });

    it('a symlinked clearml.conf stays a link and its target gets the credentials; bytes that are not UTF-8 are kept', async () => {
      const dotfiles = path.join(path.dirname(confPath), 'dotfiles');
      fs.mkdirSync(dotfiles, { recursive: true });
      const real = path.join(dotfiles, 'clearml.conf');
      const head = Buffer.from('# r\xe9glages (Latin-1)\napi {\n  api_server: ', 'latin1');
      const tail = Buffer.from('\n}\n', 'latin1');
      fs.writeFileSync(real, Buffer.concat([head, Buffer.from('http://old:8008'), tail]));
      fs.symlinkSync(real, confPath);
      h.prompts.answer(...createdRules('', 'Write to clearml.conf', undefined), ...reviewThenWrite());
      const result = await vscode.commands.executeCommand<{ accessKey: string; writtenTo: string }>('clearml.createCredentials');
      h.prompts.assertUsed();
      assert.ok(fs.lstatSync(confPath).isSymbolicLink(), 'still a link');
      const bytes = fs.readFileSync(real);
      assert.deepEqual(bytes.subarray(0, head.length), head, 'the Latin-1 comment is byte for byte the same');
      assert.match(bytes.toString('latin1'), new RegExp(result!.accessKey));
      assert.deepEqual(fs.readdirSync(dotfiles).filter((f) => f.endsWith('.tmp')), []);
    });

    it('writes the file the SDK reads: a blank CLEARML_CONFIG_FILE falls through to TRAINS_CONFIG_FILE', async () => {
      const legacy = path.join(path.dirname(confPath), 'legacy', 'clearml.conf');
      fs.mkdirSync(path.dirname(legacy), { recursive: true });
      fs.writeFileSync(legacy, 'api { }\n');
      process.env.CLEARML_CONFIG_FILE = '  ';
      process.env.TRAINS_CONFIG_FILE = legacy;
      try {
        h.prompts.answer(...createdRules('', 'Write to clearml.conf', undefined), ...reviewThenWrite());
        const result = await vscode.commands.executeCommand<{ accessKey: string; writtenTo: string }>('clearml.createCredentials');
        h.prompts.assertUsed();
        assert.equal(result?.writtenTo, legacy);
        assert.match(fs.readFileSync(legacy, 'utf8'), new RegExp(result!.accessKey));
      } finally {
        delete process.env.TRAINS_CONFIG_FILE;
        process.env.CLEARML_CONFIG_FILE = confPath;
      }
    });

    it('an unparsable clearml.conf is reported with file:line:column and not touched', async () => {
      fs.writeFileSync(confPath, 'api {\n  api_server: "unclosed\n}\n');
      h.prompts.answer(...createdRules('', 'Write to clearml.conf', undefined));
      await vscode.commands.executeCommand('clearml.createCredentials');
      const error = h.prompts.messages('error')[0];
      assert.match(error?.message ?? '', new RegExp(`${confPath.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
      assert.equal(fs.readFileSync(confPath, 'utf8'), 'api {\n  api_server: "unclosed\n}\n');
    });

    it('edits a label from the palette and from the node', async () => {
      const key = OWN.otherCredentials[0].accessKey;
      h.prompts.answer(
        { kind: 'quickPick', match: /Edit the label/, answer: 'laptop' },
        { kind: 'inputBox', match: /Edit label of/, answer: 'old laptop' },
      );
      await vscode.commands.executeCommand('clearml.editCredentialLabel');
      assert.equal(hosted.state.credential(key)?.label, 'old laptop');
      const node = (await sectionChildren(h, 'credentials')).find((c) => c.accessKey === key)!;
      assert.equal(node.label, 'old laptop', 'tree refreshed');
      h.prompts.answer({ kind: 'inputBox', match: /Edit label of/, answer: (p) => { assert.equal(p.kind === 'inputBox' && p.value, 'old laptop'); return 'retired'; } });
      await vscode.commands.executeCommand('clearml.editCredentialLabel', node);
      assert.equal(hosted.state.credential(key)?.label, 'retired');
    });

    it('revokes from the palette after a modal confirmation; the key disappears from the tree', async () => {
      const key = OWN.otherCredentials[1];
      await sectionChildren(h, 'credentials');
      h.prompts.answer(
        { kind: 'quickPick', match: /Revoke which credentials/, answer: key.label },
        { kind: 'message', match: /^Revoke /, answer: 'Revoke' },
      );
      assert.equal(await vscode.commands.executeCommand('clearml.revokeCredentials'), true);
      const confirm = h.prompts.messages('warning')[0];
      assert.equal(confirm.modal, true);
      assert.doesNotMatch(confirm.message, /in use/);
      assert.equal(hosted.state.credential(key.accessKey), undefined);
      assert.ok(!(await sectionChildren(h, 'credentials')).some((c) => c.accessKey === key.accessKey));
    });

    it('warns more strongly before revoking the key VS Code or clearml.conf uses; Cancel keeps it', async () => {
      const conf = OWN.otherCredentials[0];
      fs.writeFileSync(confPath, `api {\n  api_server: ${hosted.url}\n  credentials {"access_key": "${conf.accessKey}", "secret_key": "${conf.secretKey}"}\n}\n`);
      const nodes = await sectionChildren(h, 'credentials');
      h.prompts.answer({ kind: 'message', match: /^Revoke /, answer: undefined });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeCredentials', nodes.find((n) => n.accessKey === DEMO.signIn.accessKey)), false);
      let confirm = h.prompts.messages('warning')[0];
      assert.match(confirm.message, /It is in use/);
      assert.match(confirm.detail ?? '', /VS Code signs in with this key/);
      assert.ok(hosted.state.credential(DEMO.signIn.accessKey), 'not revoked');
      h.prompts.answer({ kind: 'message', match: /^Revoke /, answer: 'Revoke' });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeCredentials', nodes.find((n) => n.accessKey === conf.accessKey)), true);
      confirm = h.prompts.messages('warning')[0];
      assert.match(confirm.detail ?? '', /Your clearml\.conf uses this key/);
      assert.equal(hosted.state.credential(conf.accessKey), undefined);
    });

    it('revoking the key VS Code uses keeps the session and suggests signing in again', async () => {
      const node = (await sectionChildren(h, 'credentials')).find((n) => n.accessKey === DEMO.signIn.accessKey);
      h.prompts.answer({ kind: 'message', match: /^Revoke /, answer: 'Revoke' });
      await vscode.commands.executeCommand('clearml.revokeCredentials', node);
      assert.equal(hosted.state.credential(DEMO.signIn.accessKey), undefined);
      assert.ok(h.prompts.messages('warning').some((m) => /until its session token expires/.test(m.message)));
      assert.equal((await h.api.accounts.active!.client.getCurrentUser()).id, DEMO.user.id, 'the session token still works');
    });

    it('copies an access key from the node and from the palette', async () => {
      const node = (await sectionChildren(h, 'credentials')).find((n) => n.credentialLabel === 'laptop');
      h.prompts.answer();
      assert.equal(await vscode.commands.executeCommand('clearml.copyAccessKey', node), OWN.otherCredentials[0].accessKey);
      h.prompts.answer({ kind: 'quickPick', match: /Copy which access key/, answer: 'gpu-agent-01' });
      await vscode.commands.executeCommand('clearml.copyAccessKey');
      assert.deepEqual(h.api.testing.ui.clipboardWrites(), [OWN.otherCredentials[0].accessKey, OWN.otherCredentials[1].accessKey]);
    });

    it('a failing call names the endpoint and the server message and offers Retry, which works', async () => {
      hosted.faults.set('auth.edit_credentials', { error: { code: 500, message: 'disk full' }, times: 1 });
      const node = (await sectionChildren(h, 'credentials')).find((n) => n.credentialLabel === 'laptop');
      let round = 0;
      h.prompts.answer(
        { kind: 'inputBox', match: /Edit label of/, answer: 'x1', times: 2 },
        { kind: 'message', match: /failed/, answer: () => (round++ === 0 ? 'Retry' : undefined) },
      );
      await vscode.commands.executeCommand('clearml.editCredentialLabel', node);
      const error = h.prompts.messages('error')[0];
      assert.equal(error.message, `Editing the label of ${OWN.otherCredentials[0].accessKey} failed: auth.edit_credentials: disk full (500/0)`);
      assert.deepEqual(error.actions, ['Retry']);
      assert.equal(hosted.state.credential(OWN.otherCredentials[0].accessKey)?.label, 'x1', 'the retry succeeded');
    });

    it('lists keys per workspace: this one, then "In Vision Team" with the expired key marked; "N of max" on the section', async () => {
      const credentials = await section(h, 'credentials');
      const children = await h.testing.model.children(credentials);
      assert.deepEqual(children.filter((n) => n.kind === 'credential').map((n) => n.accessKey), [OWN.credentials.accessKey, ...OWN.otherCredentials.map((k) => k.accessKey)]);
      const group = children.find((n) => n.kind === 'credentialGroup')!;
      assert.equal(group.label, 'In Vision Team');
      assert.match(group.description ?? '', /^3 keys · none usable here · 1 expired$/);
      const keys = await h.testing.model.children(group);
      assert.deepEqual(keys.map((k) => k.accessKey), [VISION.credentials.accessKey, ...VISION.otherCredentials.map((k) => k.accessKey)]);
      const expired = keys.find((k) => k.credentialLabel === 'old ci runner')!;
      assert.match(expired.description ?? '', /^expired · /);
      assert.match(expired.tooltip ?? '', /expired: it can no longer sign in/);
      assert.equal(credentials.description, '7 of 10 keys');
    });

    it('revoking a key of another workspace sends that workspace as tenant', async () => {
      const group = (await sectionChildren(h, 'credentials')).find((n) => n.kind === 'credentialGroup')!;
      const target = (await h.testing.model.children(group)).find((k) => k.credentialLabel === 'training cluster')!;
      h.prompts.answer({ kind: 'message', match: /^Revoke /, answer: 'Revoke' });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeCredentials', target), true);
      assert.equal(hosted.state.credential(target.accessKey!), undefined);
      assert.equal(hosted.journal.filter((c) => c.endpoint === 'auth.revoke_credentials').at(-1)?.tenant, VISION.id);
    });

    it('at the per-user limit, creating credentials is refused politely before any call', async () => {
      const held = hosted.state.data.credentials.filter((c) => c.userId === DEMO.user.id).length;
      hosted.state.addCredentials(DEMO.user.id, OWN.id, 10 - held);
      h.prompts.answer();
      assert.equal(await vscode.commands.executeCommand('clearml.createCredentials'), undefined);
      assert.match(h.prompts.messages('info')[0]?.message ?? '', /^You already hold 10 of 10 app credentials, the most this server allows per user\. Revoke one/);
      assert.equal(calls(hosted, 'auth.create_credentials'), 0);
      await sectionChildren(h, 'credentials');
      assert.equal((await section(h, 'credentials')).description, '10 of 10 keys · limit reached');
    });

    it('a workspace the user is not a member of is refused by the server (tenant header, 403/20)', async () => {
      await assert.rejects(h.api.accounts.active!.client.call('users.get_all_ex', {}, { workspaceId: 'ffffffffffffffffffffffffffffffff' }),
        (e: Error & { code?: number; subcode?: number }) => e.code === 403 && e.subcode === 20 && /not a member of the requested workspace/.test(e.message));
    });

    it('server down: the command says which call failed and how', async () => {
      await hosted.close();
      h.prompts.answer({ kind: 'inputBox', match: /Create App Credentials/, answer: 'x' });
      await vscode.commands.executeCommand('clearml.createCredentials');
      const error = h.prompts.messages('error')[0];
      assert.match(error?.message ?? '', /^Creating app credentials failed: auth\.create_credentials: /);
      hosted = await server('hosted');
    });
  });

  describe('members and invitations', () => {
    it('invites from the palette: one link (create_invite, valid 24 h) plus the e-mails (login.add_invites); the tree lists it', async () => {
      h.prompts.answer({ kind: 'inputBox', match: /Invite users/, answer: 'ana@example.com, not-an-email' });
      assert.equal(await vscode.commands.executeCommand('clearml.inviteUsers'), undefined);
      assert.match(h.api.testing.ui.history()[0].validationError ?? '', /Not an e-mail address: not-an-email/);
      h.prompts.answer(
        { kind: 'inputBox', match: /Invite users/, answer: 'ana@example.com; Li@Example.com' },
        { kind: 'message', match: /Invitation link created, valid for 24 hours: \S+ Invited ana@example\.com, li@example\.com\./, answer: 'Copy Invitation Link' },
      );
      const result = await vscode.commands.executeCommand<{ link: string; inviteId: string; emails: string[] }>('clearml.inviteUsers');
      h.prompts.assertUsed();
      assert.equal(result!.link, `${hosted.url}/?invite=${result!.inviteId}`);
      assert.deepEqual(result!.emails, ['ana@example.com', 'li@example.com']);
      assert.deepEqual(h.api.testing.ui.clipboardWrites(), [result!.link]);
      assert.deepEqual(hosted.journal.filter((c) => c.endpoint === 'login.add_invites').map((c) => c.body), [{ emails: ['ana@example.com', 'li@example.com'] }]);
      const record = hosted.state.data.invites.find((i) => i.id === result!.inviteId)!;
      assert.equal(Date.parse(record.expires) - Date.parse(record.created), 24 * 3600_000);
      const node = (await sectionChildren(h, 'invites')).find((i) => i.inviteId === result!.inviteId)!;
      assert.equal(node.inviteLink, result!.link, 'the tree and the command build the same link');
    });

    it('copies a pending link from its node and from the palette, and revokes it after a modal', async () => {
      const pending = (await sectionChildren(h, 'invites')).find((i) => i.inviteId === OWN.invites[0].id)!;
      h.prompts.answer();
      const link = await vscode.commands.executeCommand<string>('clearml.copyInviteLink', pending);
      assert.equal(link, `${hosted.url}/?invite=${OWN.invites[0].id}`);
      h.prompts.answer({ kind: 'quickPick', match: /Copy the link/, answer: (p) => (p.kind === 'quickPick' ? p.items[0] : undefined) });
      const second = await vscode.commands.executeCommand<string>('clearml.copyInviteLink');
      assert.equal(second, link);
      h.prompts.answer({ kind: 'message', match: /Revoke this invitation link/, answer: 'Revoke Invitation' });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeInvite', pending), true);
      assert.equal(h.prompts.messages('warning')[0].modal, true);
      assert.equal(hosted.state.data.invites.find((i) => i.id === OWN.invites[0].id)?.revoked, true);
      const left = await sectionChildren(h, 'invites');
      assert.equal(left[0].label, 'No pending invitations');
    });
  });

  describe('leave and rename', () => {
    it('refuses to leave your own workspace (node)', async () => {
      const own = (await h.testing.model.children((await h.testing.model.children())[1]))[0];
      h.prompts.answer();
      assert.equal(await vscode.commands.executeCommand('clearml.leaveWorkspace', own), false);
      assert.match(h.prompts.messages('error')[0].message, /cannot leave your own workspace/);
    });

    it('leaves a workspace from the palette after a modal that says your credentials there are revoked', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Leave which workspace/, answer: (p) => { assert.deepEqual(p.kind === 'quickPick' && p.items, [VISION.name], 'only workspaces you do not own'); return VISION.name; } },
        { kind: 'message', match: /Leave workspace "Vision Team"/, answer: 'Leave Workspace' },
      );
      assert.equal(await vscode.commands.executeCommand('clearml.leaveWorkspace'), true);
      assert.deepEqual(hosted.journal.filter((c) => c.endpoint === 'login.leave_company').map((c) => [c.body, c.tenant]), [[{ company_id: VISION.id, return_token: true }, VISION.id]]);
      const confirm = h.prompts.messages('warning')[0];
      assert.equal(confirm.modal, true);
      assert.match(confirm.detail ?? '', /app credentials in "Vision Team" are revoked/);
      assert.equal(hosted.state.membership(DEMO.user.id, VISION.id), undefined);
      assert.equal(keysOfJane(VISION.id).length, 0);
      const workspaces = await h.testing.model.children((await h.testing.model.children())[1]);
      assert.deepEqual(workspaces.map((w) => w.label), [OWN.name]);
    });

    it('leaves the active workspace from its node and falls back to a workspace with stored credentials', async () => {
      await switchToVisionWithItsKey();
      h.testing.model.refresh();
      const vision = (await h.testing.model.children((await h.testing.model.children())[1])).find((w) => w.workspaceId === VISION.id)!;
      assert.ok(vision.isActiveWorkspace);
      h.prompts.answer({ kind: 'message', match: /Leave workspace/, answer: 'Leave Workspace' });
      assert.equal(await vscode.commands.executeCommand('clearml.leaveWorkspace', vision), true);
      assert.equal(h.api.accounts.active?.profile.workspaceId, OWN.id);
    });

    it('renames your own workspace from the palette and from its node; not a workspace you do not own', async () => {
      h.prompts.answer(
        { kind: 'quickPick', match: /Rename which workspace/, answer: OWN.name },
        { kind: 'inputBox', match: /Rename/, answer: 'Jane Labs' },
      );
      assert.equal(await vscode.commands.executeCommand('clearml.renameWorkspace'), true);
      assert.equal(hosted.state.company(OWN.id)?.name, 'Jane Labs');
      assert.equal(h.api.accounts.active?.profile.workspaceName, 'Jane Labs');
      const workspaces = await h.testing.model.children((await h.testing.model.children())[1]);
      assert.equal(workspaces[0].label, 'Jane Labs');
      h.prompts.answer({ kind: 'inputBox', match: /Rename "Jane Labs"/, answer: 'Jane Labs 2' });
      assert.equal(await vscode.commands.executeCommand('clearml.renameWorkspace', workspaces[0]), true);
      assert.equal(hosted.state.company(OWN.id)?.name, 'Jane Labs 2');
      h.prompts.answer();
      assert.equal(await vscode.commands.executeCommand('clearml.renameWorkspace', workspaces[1]), false);
      assert.match(h.prompts.messages('error')[0].message, /Only the owner can rename "Vision Team"/);
    });
  });

  describe('AI gateway tokens', () => {
    it('generates a token from the palette: label, expiration 1-365 days, shown once in a modal with Copy, never stored', async () => {
      h.prompts.answer({ kind: 'inputBox', match: /1\/2/, answer: 'agent' }, { kind: 'inputBox', match: /2\/2/, answer: '400' });
      assert.equal(await vscode.commands.executeCommand('clearml.generateGatewayToken'), undefined);
      assert.match(h.api.testing.ui.history()[1].validationError ?? '', /between 1 and 365/);
      let round = 0;
      h.prompts.answer(
        { kind: 'inputBox', match: /1\/2/, answer: 'agent' }, { kind: 'inputBox', match: /2\/2/, answer: '7' },
        { kind: 'message', match: /AI gateway token "agent" generated, valid 7 days\. Copy it now: it is shown only once\./, answer: () => (round++ === 0 ? 'Copy' : undefined), times: 2 },
      );
      const result = await vscode.commands.executeCommand<{ id: string; label: string }>('clearml.generateGatewayToken');
      const record = hosted.state.data.gatewayTokens.find((t) => t.id === result!.id)!;
      assert.equal(record.label, 'agent');
      assert.ok(Math.abs(Date.parse(record.expires) - Date.parse(record.created) - 7 * 86400_000) < 1000);
      assert.deepEqual(h.api.testing.ui.clipboardWrites(), [record.token]);
      assert.ok(!JSON.stringify(result).includes(record.token), 'the command result does not carry the token');
      assert.ok(!JSON.stringify(h.api.accounts.profiles()).includes(record.token));
      const shown = h.prompts.messages('info').filter((m) => /generated, valid 7 days/.test(m.message));
      assert.equal(shown.length, 2, 'the modal stays open after Copy until closed');
      assert.ok(shown.every((m) => m.modal && m.detail?.startsWith(record.token)), 'the token is shown in the modal');
      assert.match(shown[1].detail ?? '', /Copied the token to the clipboard/);
      assert.ok((await sectionChildren(h, 'gatewayTokens')).some((t) => t.tokenId === record.id));
    });

    it('generates from the section node and revokes from the token node and from the palette', async () => {
      h.prompts.answer({ kind: 'inputBox', match: /1\/2/, answer: 'second' }, { kind: 'inputBox', match: /2\/2/, answer: '30' });
      await vscode.commands.executeCommand('clearml.generateGatewayToken', await section(h, 'gatewayTokens'));
      const tokens = await sectionChildren(h, 'gatewayTokens');
      assert.equal(tokens.length, 2);
      h.prompts.answer({ kind: 'message', match: /Revoke AI gateway token "notebook"/, answer: 'Revoke' });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeGatewayToken', tokens.find((t) => t.label === 'notebook')), true);
      assert.equal(h.prompts.messages('warning')[0].modal, true);
      h.prompts.answer({ kind: 'quickPick', match: /Revoke which AI gateway token/, answer: 'second' }, { kind: 'message', match: /Revoke AI gateway token/, answer: 'Revoke' });
      assert.equal(await vscode.commands.executeCommand('clearml.revokeGatewayToken'), true);
      assert.equal(hosted.state.data.gatewayTokens.filter((t) => t.userId === DEMO.user.id && t.companyId === OWN.id).length, 0);
      const left = await sectionChildren(h, 'gatewayTokens');
      assert.equal(left[0].label, 'No AI gateway tokens');
    });
  });

  describe('web UI and refresh', () => {
    it('opens the matching web UI settings page for a node, and asks which one from the palette', async () => {
      h.prompts.answer();
      const credential = (await sectionChildren(h, 'credentials'))[0];
      assert.equal(await vscode.commands.executeCommand('clearml.openWebSettings', credential), `${hosted.url}/settings/workspace-configuration`);
      h.prompts.answer({ kind: 'quickPick', match: /settings page/, answer: 'Profile' });
      assert.equal(await vscode.commands.executeCommand('clearml.openWebSettings'), `${hosted.url}/settings/profile`);
      assert.deepEqual(h.api.testing.ui.externalOpens(), [`${hosted.url}/settings/workspace-configuration`, `${hosted.url}/settings/profile`]);
    });

    it('refresh from the palette reloads the tree; from a node only that node', async () => {
      await sectionChildren(h, 'credentials');
      await sectionChildren(h, 'members');
      // The sign-in re-runs a Setup Check report on screen in the background, and that run pings this server too:
      // join it before counting the tree's requests (a loaded clean-clone run counted its debug.ping).
      await vscode.commands.executeCommand('clearml.setupCheck.runAgain');
      hosted.state.resetCounters();
      await vscode.commands.executeCommand('clearml.refresh', await section(h, 'credentials'));
      await sectionChildren(h, 'credentials');
      await sectionChildren(h, 'members');
      assert.deepEqual(hosted.state.counters.calls, { 'auth.get_credentials': 1 });
      await vscode.commands.executeCommand('clearml.refresh');
      await sectionChildren(h, 'members');
      assert.equal(calls(hosted, 'users.get_all_ex'), 1);
    });
  });

  describe('on the open-source edition', () => {
    let open: RunningServer;
    beforeEach(async () => {
      open = await server('opensource');
      await resetAccounts(h);
      await signIn(open.url);
    });
    afterEach(async () => { await resetAccounts(h); await open.close(); });

    it('gateway tokens and invitations are explained as unavailable, naming the endpoint', async () => {
      h.prompts.answer({ kind: 'inputBox', match: /1\/2/, answer: 'x' }, { kind: 'inputBox', match: /2\/2/, answer: '3' });
      await vscode.commands.executeCommand('clearml.generateGatewayToken');
      assert.match(h.prompts.messages('error')[0]?.message ?? '', /^Generating an AI gateway token failed: gateway\.generate_token: /);
      h.prompts.answer({ kind: 'inputBox', match: /Invite users/, answer: 'a@example.com' });
      await vscode.commands.executeCommand('clearml.inviteUsers');
      assert.match(h.prompts.messages('error')[0]?.message ?? '', /^Inviting users failed: organization\.create_invite: .*feature_set "basic"/);
    });

    it('there is no workspace to leave or switch to', async () => {
      h.prompts.answer();
      assert.equal(await vscode.commands.executeCommand('clearml.leaveWorkspace'), false);
      assert.match(h.prompts.messages('info')[0]?.message ?? '', /no workspace you can leave/);
    });
  });
});
