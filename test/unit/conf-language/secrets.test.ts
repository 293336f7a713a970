/**
 * Attack (issue 20 review): no secret value in ANY output of the conf-language core. Each text holds distinctive
 * secret strings where users put them (and mistype them); lint, hover at every character (with a vault and secret
 * environment variables) and completion at every character must not carry one of them in the JSON of their result.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeConf, hoverConf, lintConf, type ConfFormat, type HoverOptions } from '../../../src/core/conf-language';
import { applyEdits } from './caret';

const S = 'Zq9SeCrEt';

/** Each case: a clearml.conf text with secrets written where the SDK (or a typo) puts them. */
const TEXTS: Record<string, string> = {
  'a wrong type on secret keys (a list, an object where a string belongs)':
    `api.credentials.secret_key: [ "${S}01" ]\napi.credentials.access_key: { x: "${S}02" }\nsdk.aws.s3.credentials: [ { bucket: b, key: k, secret: { a: "${S}03" } } ]`,
  'a quoted substitution on a secret key': `api.credentials.secret_key: "${S}04\${SUFFIX}"\nsdk.aws.s3.credentials: [ { bucket: b, secret: "${S}05\${X}" } ]`,
  'misspelt secret keys (unknown, in api.credentials, an S3 entry, sdk.aws.s3, agent)':
    `api.credentials { secret_kye: "${S}06", access_key: a }\nsdk.aws.s3.credentials: [ { host: "h:9000", key: k, secret: s, secrte: "${S}07", aws_secret_access_key: "${S}08" } ]\nsdk.aws.s3 { secert: "${S}09" }\nagent { git_pss: "${S}10" }`,
  'a credentials_json holding the key itself': `sdk.google.storage.credentials: [ { bucket: b, credentials_json: "{\\"private_key\\": \\"${S}11\\"}" } ]`,
  'passwords in URL user-info of the three addresses':
    `api {\n  api_server: "https://user:${S}12@host:8080"\n  files_server: "https://u:${S}13@localhost:8081"\n  web_server: "https://u:${S}14@host:8008"\n}`,
  'a password in an address without a scheme': `api.api_server: "user:${S}15@host:8080"`,
  'key:secret@ in an S3 host': `sdk.aws.s3.credentials: [ { host: "k:${S}16@minio:9000", key: k, secret: "${S}17" } ]`,
  'Azure key and SAS fields': `sdk.azure.storage.containers: [ { account_name: a, account_key: ["${S}18"], container_name: c, sas_token: "${S}19", connection_string: "${S}20" } ]`,
  'a secret passed to docker as -e NAME=value, as one string (wrong type, with a fix)': `agent.extra_docker_arguments: "-e CLEARML_API_SECRET_KEY=${S}21 -e AWS_SECRET_ACCESS_KEY=${S}22"`,
  'secrets in free-form maps and file contents': `environment { DB_PW: "${S}23", MY_TOKEN: "${S}24" }\nfiles { a { contents: [ "${S}25" ], path: p } }\nagent.default_docker.arguments: ["-e", "TOKEN=${S}26"]`,
  'a secret number and a secret in a parse error': `sdk.aws.s3.secret: 98765${S.length}4321\napi.credentials.secret_key: ${S}27 }}}`,
};

/** A vault and environment variables that set secrets, for the hover's effective value. */
const VAULT_TEXT = `api.credentials.secret_key: "${S}V1"\nsdk.aws.s3 { secret: "${S}V2", credentials: [ { bucket: b, secret: "${S}V3", secrte: "${S}V4" } ] }\napi.credentials.access_key { k: "${S}V5" }`;
const ENV = { CLEARML_API_SECRET_KEY: `${S}E1`, CLEARML_API_ACCESS_KEY: `${S}E2`, CLEARML_AGENT_GIT_PASS: `${S}E3`, CLEARML_API_HOST: `https://u:${S}E4@h:8008`, CLEARML_AGENT_EXTRA_DOCKER_ARGS: `-e AWS_SECRET_ACCESS_KEY=${S}E5` };
const OPTIONS: [string, HoverOptions][] = [
  ['alone', {}],
  ['under a vault and secret variables', { env: ENV, vaults: [{ name: 'team', format: 'hocon', text: VAULT_TEXT }] }],
  ['as a vault over a clearml.conf', { role: 'vault', env: ENV, vaults: [{ name: 'team', format: 'hocon', text: VAULT_TEXT }], confText: VAULT_TEXT }],
];

function everyPosition(text: string): { line: number; character: number }[] {
  return text.split('\n').flatMap((l, line) => Array.from({ length: l.length + 1 }, (_, character) => ({ line, character })));
}

function leaks(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(S);
}

describe('conf-language: no secret value in any output', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`lint, hover and completion on ${name}`, () => {
      for (const format of ['hocon', 'json'] as ConfFormat[]) {
        const findings = lintConf(text, { format });
        for (const f of findings) assert.ok(!leaks(f), `lint (${format}) ${f.code}: ${JSON.stringify(f)}`);
        for (const position of everyPosition(text)) {
          for (const [label, options] of OPTIONS) {
            const hover = hoverConf(text, position, { ...options, format });
            assert.ok(!leaks(hover), `hover ${label} at ${position.line}:${position.character}: ${JSON.stringify(hover)}`);
          }
          assert.ok(!leaks(completeConf(text, position, { format })), `completion at ${position.line}:${position.character}`);
        }
      }
    });
  }

  it('the same in YAML vaults', () => {
    const yaml = `api:\n  credentials:\n    secret_key: ["${S}Y1"]\n    secret_kye: "${S}Y2"\nsdk:\n  aws:\n    s3:\n      credentials:\n        - host: "k:${S}Y3@minio:9000"\n          secret: {x: "${S}Y4"}\n          secrte: "${S}Y5"\n`;
    for (const f of lintConf(yaml, { format: 'yaml', role: 'vault' })) assert.ok(!leaks(f), JSON.stringify(f));
    for (const position of everyPosition(yaml)) {
      for (const [label, options] of OPTIONS) assert.ok(!leaks(hoverConf(yaml, position, { ...options, format: 'yaml' })), `hover ${label} at ${position.line}:${position.character}`);
    }
  });

  it('the fixes still work: they insert punctuation around a secret instead of rewriting it', () => {
    const quoted = `sdk.aws.s3.credentials: [ { bucket: b, key: k, secret: "${S}a\${X}b" } ]`;
    const unquote = lintConf(quoted).find((f) => f.code === 'quoted-substitution')!;
    assert.ok(unquote.fixes?.length, 'the unquote fix is offered');
    assert.equal(applyEdits(quoted, unquote.fixes![0].edits), `sdk.aws.s3.credentials: [ { bucket: b, key: k, secret: "${S}a"\${X}"b" } ]`);
    const docker = `agent.extra_docker_arguments: "-e  AWS_SECRET_ACCESS_KEY=${S} --ipc=host"`;
    const list = lintConf(docker).find((f) => f.code === 'wrong-type')!;
    assert.equal(applyEdits(docker, list.fixes![0].edits), `agent.extra_docker_arguments: ["-e", "AWS_SECRET_ACCESS_KEY=${S}", "--ipc=host"]`);
    assert.equal(applyEdits('agent.extra_docker_arguments: -e A=1', lintConf('agent.extra_docker_arguments: -e A=1').find((f) => f.code === 'wrong-type')!.fixes![0].edits),
      'agent.extra_docker_arguments: ["-e", "A=1"]');
  });

  it('a masked secret is still told apart from an empty one, and names stay visible', () => {
    const h = hoverConf(`api.credentials { secret_key: "${S}", access_key: "AKIA1" }`, { line: 0, character: 3 })!;
    assert.match(h.effective!.value, /"access_key":"••••••••/, 'the catalogue marks access_key secret');
    assert.match(h.effective!.value, /"secret_key":"•••••••• \(#[0-9a-f]{6}\)"/);
    const url = hoverConf(`api.api_server: "https://user:${S}@host:8008"`, { line: 0, character: 8 })!;
    assert.equal(url.effective!.value, 'https://user:••••••••@host:8008');
  });
});
