import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPreview, checkVault, findPlaintextSecrets, type PreviewContext } from '../../../src/core/vault/model';
import type { PreviewRow } from '../../../src/core/protocol/vault';
import { parseVault } from '../../../src/core/config/index';

const parsedTree = (text: string) => parseVault(text, 'hocon', { env: {} });

const BASE = `api {
  api_server: http://localhost:8008
  credentials {
    access_key: "BASEACCESSKEY"
    secret_key: "base-secret-value"
  }
}
sdk {
  aws {
    s3 {
      region: "us-east-1"
      key: "BASEKEY"
    }
  }
  development { default_output_uri: "" }
}
agent {
  cuda_version: "11.8"
  git_user: "base-user"
}
`;

const ctx = (over: Partial<PreviewContext> = {}): PreviewContext => ({
  base: { text: BASE, file: '/home/u/clearml.conf' },
  others: [],
  position: 0,
  env: {},
  ...over,
});

const row = (rows: PreviewRow[], path: string) => {
  const r = rows.find((x) => x.path === path);
  assert.ok(r, `row ${path} present (have ${rows.filter((x) => x.kind === 'leaf').map((x) => x.path).join(', ')})`);
  return r;
};

test('every key is marked added / overridden / unchanged with its source and line', () => {
  const vault = `sdk {
  aws.s3.region: "eu-west-1"
  aws.s3.key: "BASEKEY"
  development.log_level: "debug"
}
`;
  const r = buildPreview(ctx(), { name: 'Personal vault', text: vault, format: 'hocon' });
  assert.equal(r.status, 'applied');
  const m = r.model!;
  const region = row(m.rows, 'sdk.aws.s3.region');
  assert.equal(region.mark, 'overridden');
  assert.equal(region.sourceKind, 'this');
  assert.equal(region.source, 'Personal vault:2');
  assert.equal(region.line, 2);
  assert.equal(region.value, '"eu-west-1"');
  assert.equal(region.previous, '"us-east-1"');
  assert.equal(row(m.rows, 'sdk.aws.s3.key').mark, 'unchanged');
  const added = row(m.rows, 'sdk.development.log_level');
  assert.equal(added.mark, 'added');
  const api = row(m.rows, 'api.api_server');
  assert.equal(api.sourceKind, 'base');
  assert.equal(api.source, 'clearml.conf:2');
  assert.equal(api.touched, false);
  assert.deepEqual({ added: m.counts.added, overridden: m.counts.overridden, unchanged: m.counts.unchanged }, { added: 1, overridden: 1, unchanged: 1 });
  // object rows on the way to touched leaves are touched (the "keys this vault sets" filter keeps them)
  assert.equal(row(m.rows, 'sdk').touched, true);
  assert.equal(row(m.rows, 'api').touched, false);
  assert.equal(m.layers.map((l) => `${l.kind}:${l.status}`).join(' '), 'base:applied this:applied');
});

test('base secrets are masked in the preview, access keys are not', () => {
  const r = buildPreview(ctx(), { name: 'v', text: 'sdk.aws.s3.region: "x"', format: 'hocon' });
  const rows = r.model!.rows;
  const secret = row(rows, 'api.credentials.secret_key');
  assert.equal(secret.masked, true);
  assert.ok(!secret.value!.includes('base-secret-value'));
  assert.equal(row(rows, 'api.credentials.access_key').value, '"BASEACCESSKEY"');
  assert.ok(!JSON.stringify(r.model).includes('base-secret-value'));
});

test('agent-protected keys set by the vault are flagged', () => {
  const r = buildPreview(ctx(), { name: 'v', text: 'agent { cuda_version: "12.4", git_user: "jane" }', format: 'hocon' });
  const m = r.model!;
  assert.equal(row(m.rows, 'agent.cuda_version').agentProtected, true);
  assert.equal(row(m.rows, 'agent.git_user').agentProtected, false);
  assert.equal(m.counts.agentProtected, 1);
  assert.ok(m.warnings.some((w) => w.code === 'agent-protected' && w.message.includes('agent.cuda_version')));
});

test('parse errors give line and column and no model', () => {
  const r = buildPreview(ctx(), { name: 'v', text: 'sdk {\n  a: 1\n', format: 'hocon' });
  assert.equal(r.status, 'parse-error');
  assert.equal(r.model, undefined);
  assert.equal(r.problems.length, 1);
  // the engine points at the '{' that is never closed
  assert.deepEqual({ line: r.problems[0].line, column: r.problems[0].column }, { line: 1, column: 5 });
  assert.match(r.problems[0].message, /'\{' opened at 1:5 is never closed/);
});

test('empty and non-object vaults get the SDK-skips warning', () => {
  const empty = buildPreview(ctx(), { name: 'v', text: '# nothing yet\n', format: 'hocon' });
  assert.equal(empty.status, 'empty');
  assert.ok(empty.model!.warnings.some((w) => w.code === 'sdk-skips' && w.level === 'error'));
  assert.equal(empty.model!.counts.added + empty.model!.counts.overridden, 0);
  const list = buildPreview(ctx(), { name: 'v', text: '[1, 2]', format: 'json' });
  assert.equal(list.status, 'not-an-object');
  assert.ok(list.model!.warnings.some((w) => w.code === 'sdk-skips'));
});

// clearml/backend_api/session/session.py Session._read_vaults: ConfigFactory.parse_string(vault['data']) whatever the
// vault's format. The preview shows what the SDK uses, and says why.
test('YAML vaults are previewed as the SDK reads them (as HOCON), with the warning and the way out', () => {
  const yaml = 'sdk:\n  aws:\n    s3:\n      region: eu-west-1\n';
  const r = buildPreview(ctx(), { name: 'v', text: yaml, format: 'yaml' });
  assert.equal(r.status, 'applied');
  // pyhocon on this text: ConfigTree([('sdk', 'aws:'), ('s3', 'region: eu-west-1')])
  assert.equal(row(r.model!.rows, 'sdk').value, '"aws:"');
  assert.equal(row(r.model!.rows, 's3').value, '"region: eu-west-1"');
  assert.equal(r.model!.rows.find((x) => x.path === 'sdk.aws.s3.region'), undefined);
  const w = r.model!.warnings.find((x) => x.code === 'yaml-format');
  assert.ok(w, 'yaml warning present');
  assert.equal(w.level, 'error', 'nested YAML reads differently as HOCON');
  assert.match(w.message, /^SDKs read this vault as HOCON: .*Convert it to HOCON/);
  assert.equal(r.problems[0]?.line, 1, 'a diagnostic to hang the conversion on');
});

test('a YAML vault that is not HOCON is skipped by the SDK; the problem says so in those terms', () => {
  const r = buildPreview(ctx(), { name: 'v', text: '- a\n- b\n', format: 'yaml' });
  assert.equal(r.status, 'parse-error');
  assert.match(r.problems[0].message, /^SDKs read this vault as HOCON: this YAML is not valid HOCON \(line 2, column 1: .*skip the whole vault/);
  assert.equal(checkVault('- a\n- b\n', 'yaml', {}).status, 'parse-error');
  assert.equal(checkVault('- a\n- b\n', 'yaml', {}).yamlWarning?.level, 'error');
});

test('a JSON vault reads as HOCON unless it repeats a key: then the warning too', () => {
  assert.equal(buildPreview(ctx(), { name: 'v', text: '{"sdk": {"aws": {"s3": {"region": "eu"}}}}', format: 'json' }).model!.warnings.find((x) => x.code === 'yaml-format'), undefined);
  const dup = buildPreview(ctx(), { name: 'v', text: '{"sdk": {"a": 1}, "sdk": {"b": 2}}', format: 'json' });
  assert.equal(row(dup.model!.rows, 'sdk.a').value, '1', 'HOCON merges the repeated object, as the SDK does');
  assert.match(dup.model!.warnings.find((x) => x.code === 'yaml-format')?.message ?? '', /^SDKs read this vault as HOCON: read that way this JSON gives other values \(first at sdk\.a\)/);
});

test('a vault starting with a byte-order mark is skipped, in the preview too', () => {
  const r = buildPreview(ctx(), { name: 'v', text: '\uFEFFsdk.a: 1', format: 'hocon' });
  assert.equal(r.status, 'parse-error');
  assert.match(r.problems[0].message, /byte-order mark/);
});

test('other vaults merge in server order around this one; skipped and disabled ones are listed', () => {
  const others = [
    { name: 'Team defaults', text: 'sdk.aws.s3.region: "team-region"\nsdk.storage.cache.default_base_dir: "/team"', format: 'hocon' as const, enabled: true },
    { name: 'Broken', text: 'sdk { ', format: 'hocon' as const, enabled: true },
    { name: 'Off', text: 'sdk.aws.s3.region: "off"', format: 'hocon' as const, enabled: false },
    { name: 'Overrides', text: 'sdk.aws.s3.region: "later-wins"', format: 'hocon' as const, enabled: true },
  ];
  const r = buildPreview(ctx({ others, position: 1 }), { name: 'Mine', text: 'sdk.aws.s3.region: "mine"\nsdk.aws.s3.extra: 1', format: 'hocon' });
  const m = r.model!;
  assert.deepEqual(m.layers.map((l) => `${l.name}:${l.status}`), ['clearml.conf:applied', 'Team defaults:applied', 'Mine:applied', 'Broken:parse-error', 'Off:disabled', 'Overrides:applied']);
  const region = row(m.rows, 'sdk.aws.s3.region');
  assert.equal(region.value, '"later-wins"');
  assert.equal(region.sourceKind, 'other');
  assert.equal(region.shadowedBy, 'Overrides');
  assert.equal(region.line, 1, 'shadowed rows still point at this vault\'s line');
  assert.equal(row(m.rows, 'sdk.storage.cache.default_base_dir').source, 'Team defaults:2');
  assert.equal(m.counts.shadowed, 1);
  assert.equal(m.counts.added, 1);
  assert.ok(m.warnings.some((w) => w.code === 'other-skipped' && w.message.includes('Broken')));
});

test('a disabled vault is previewed as if enabled, with a warning', () => {
  const r = buildPreview(ctx(), { name: 'v', text: 'sdk.x: 1', format: 'hocon', enabled: false });
  assert.ok(r.model!.warnings.some((w) => w.code === 'disabled'));
  assert.equal(r.model!.layers[1].status, 'disabled');
});

test('keys outside the ClearML sections are flagged', () => {
  const r = buildPreview(ctx(), { name: 'v', text: 'aws.s3.region: "x"', format: 'hocon' });
  assert.ok(r.model!.warnings.some((w) => w.code === 'unknown-root' && w.message.includes('aws')));
});

test('no base file: the preview starts empty and says so', () => {
  const r = buildPreview(ctx({ base: { text: '', file: '' } }), { name: 'v', text: 'sdk.x: 1', format: 'hocon' });
  assert.ok(r.model!.warnings.some((w) => w.code === 'no-base'));
  assert.equal(row(r.model!.rows, 'sdk.x').mark, 'added');
});

test('plaintext secrets are found with their lines; ${ENV} references are not secrets in the text', () => {
  const text = 'sdk.aws.s3 {\n  key: "AKIA"\n  secret: "plain-secret"\n}\napi.credentials.secret_key: ${MY_SECRET}\n';
  const c = checkVault(text, 'hocon', { MY_SECRET: 'from-env' });
  assert.equal(c.status, 'applied');
  assert.deepEqual(c.secrets, [{ path: 'sdk.aws.s3.secret', line: 3 }]);
  assert.deepEqual(findPlaintextSecrets({ agent: { git_pass: 'pw123' } }, 'agent {\n git_pass: pw123\n}'), [{ path: 'agent.git_pass', line: 2 }]);
});

test('checkVault reports what the SDK would skip', () => {
  assert.equal(checkVault('', 'hocon', {}).status, 'empty');
  assert.equal(checkVault('a {', 'hocon', {}).status, 'parse-error');
  assert.equal(checkVault('{"sdk": {"a": 1}}', 'json', {}).status, 'applied');
});

test('lists and nested objects under secret-named keys are masked in every preview view and found as plaintext', async () => {
  const { prepareContext, buildVaultPreview } = await import('../../../src/core/vault/incremental');
  const text = 'sdk {\n  password: ["p-one", "p-two"]\n  token: [\n    "tok-one"\n  ]\n  x.secret { inner: ["p-three"], obj: [{ user: "p-four" }] }\n  pin_password: 918273\n}\n';
  const leaks = /p-one|p-two|tok-one|p-three|p-four|918273/;
  const self = { name: 'v', text, format: 'hocon' as const };
  const full = buildPreview(ctx(), self);
  assert.doesNotMatch(JSON.stringify(full.model), leaks);
  const prepared = prepareContext(ctx(), 'v');
  for (const view of ['vault', 'all'] as const) {
    const r = buildVaultPreview(prepared, self, { view });
    assert.doesNotMatch(JSON.stringify(r.model), leaks, view);
    assert.equal(row(r.model!.rows, 'sdk.password').masked, true);
    assert.equal(row(r.model!.rows, 'sdk.x.secret.inner').masked, true);
  }
  const paths = findPlaintextSecrets(parsedTree(text), text).map((h) => `${h.path}:${h.line}`);
  assert.deepEqual(paths, ['sdk.password.0:2', 'sdk.password.1:2', 'sdk.token.0:4', 'sdk.x.secret.inner.0:6', 'sdk.x.secret.obj.0.user:6', 'sdk.pin_password:7']);
});
