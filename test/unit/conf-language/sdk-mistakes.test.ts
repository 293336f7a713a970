/**
 * Review (issue 20): the mistakes users make most (../shared/docs/clearml-conf-language.md "What users get wrong",
 * clearml-setup-problems.md), each found with the right code at the right line, and where a fix exists, the fix
 * applied gives a text with no finding left at that place. What the SDK does with each is cited per case.
 * Item 5: the issue-19 storage rules appear once at their line, never twice (key check and storage rule).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintConf, type ConfDiagnostic } from '../../../src/core/conf-language';
import { applyEdits, covered } from './caret';

interface Mistake {
  /** What the SDK does with it (file and function). */
  sdk: string;
  text: string;
  code: string;
  line: number;
  /** The text the finding's range covers. */
  at: string;
  /** The text after the first fix, when there is one. */
  fixed?: string;
}

const MISTAKES: Record<string, Mistake> = {
  'agent.docker_default.image for agent.default_docker.image (clearml#726)': {
    sdk: 'clearml_agent/commands/worker.py reads agent.default_docker.image; an unknown key is ignored',
    text: 'agent {\n  docker_default.image: "nvidia/cuda:11.8"\n}\n', code: 'unknown-key', line: 1, at: 'docker_default',
    fixed: 'agent {\n  default_docker.image: "nvidia/cuda:11.8"\n}\n',
  },
  'api.verify for api.verify_certificate (clearml#1107)': {
    sdk: 'clearml/backend_api/session/session.py Session.__init__ reads api.verify_certificate only',
    text: 'api {\n  api_server: "https://api.example.com"\n  verify: false\n}\n', code: 'unknown-key', line: 2, at: 'verify',
    fixed: 'api {\n  api_server: "https://api.example.com"\n  verify_certificate: false\n}\n',
  },
  'the web UI port in api_server (clearml-server#260)': {
    sdk: 'clearml/backend_api/session/session.py sends API calls to api_server as written; 8080 serves the web UI',
    text: 'api {\n  api_server: "http://10.0.0.5:8080"\n}\n', code: 'port-mixup', line: 1, at: '"http://10.0.0.5:8080"',
    fixed: 'api {\n  api_server: "http://10.0.0.5:8008"\n}\n',
  },
  'secure: "false" in a MinIO entry (a string, true to Python)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfig.secure is taken as given; bool("false") is True',
    text: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, multipart: false, secure: "false" }\n]\n', code: 'wrong-type', line: 1, at: '"false"',
    fixed: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, multipart: false, secure: false }\n]\n',
  },
  'a MinIO host without its port (clearml#1017)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfigurations.get_config_by_uri matches host:port only',
    text: 'sdk.aws.s3.credentials: [\n  { host: "minio.example.com", key: k, secret: s, secure: false }\n]\n', code: 'host-no-port', line: 1, at: '"minio.example.com"',
  },
  'an unknown field in an S3 entry disables all S3 access': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfigurations.from_config builds S3BucketConfig(**entry): TypeError',
    text: 'sdk.aws.s3.credentials: [\n  { bucket: b, key: k, secert: s }\n]\n', code: 'unknown-key', line: 1, at: 'secert',
    fixed: 'sdk.aws.s3.credentials: [\n  { bucket: b, key: k, secret: s }\n]\n',
  },
  'docker arguments as one string (clearml-agent#49)': {
    sdk: 'clearml_agent/commands/worker.py extends the docker command with the list as given: a string is one argument',
    text: 'agent.extra_docker_arguments: "--ipc=host -v /data:/data"\n', code: 'wrong-type', line: 0, at: '"--ipc=host -v /data:/data"',
    fixed: 'agent.extra_docker_arguments: ["--ipc=host", "-v", "/data:/data"]\n',
  },
  '"${AWS_SECRET}" in quotes (pyhocon never substitutes inside quotes)': {
    sdk: 'pyhocon ConfigParser: a quoted string is literal text',
    text: 'sdk.aws.s3 {\n  key: "${AWS_KEY}"\n}\n', code: 'quoted-substitution', line: 1, at: '"${AWS_KEY}"',
    fixed: 'sdk.aws.s3 {\n  key: ${AWS_KEY}\n}\n',
  },
  'an Azure SAS field (clearml#1453)': {
    sdk: 'clearml/backend_config/bucket_config.py AzureContainerConfig has account_name, account_key, container_name only',
    text: 'sdk.azure.storage.containers: [\n  { account_name: acct, sas_token: "sv=2020", container_name: c }\n]\n', code: 'azure-sas', line: 1, at: 'sas_token',
  },
  'verify: "false" in an S3 entry (a CA bundle path to boto3)': {
    sdk: 'clearml/storage/helper.py _Boto3Driver passes verify to boto3.client; a string is a CA bundle path',
    text: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, secure: true, verify: "false" }\n]\n', code: 'verify-word', line: 1, at: '"false"',
    fixed: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, secure: true, verify: false }\n]\n',
  },
  'a bucket written with its path (issue 19)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfig.bucket is compared with the URI\'s bucket as written',
    text: 'sdk.aws.s3.credentials: [\n  { bucket: "my-bucket/models", key: k, secret: s }\n]\n', code: 'bucket-form', line: 1, at: '"my-bucket/models"',
  },
  'api.host, the legacy name of api_server': {
    sdk: 'clearml/backend_api/session/session.py reads api.host only when api_server is empty',
    text: 'api {\n  host: "http://localhost:8008"\n}\n', code: 'legacy-key', line: 1, at: 'host',
    fixed: 'api {\n  api_server: "http://localhost:8008"\n}\n',
  },
};

function at(findings: ConfDiagnostic[], code: string, line: number): ConfDiagnostic[] {
  return findings.filter((f) => f.code === code && f.line === line);
}

describe('conf-language: the mistakes users make, as the SDK reads them', () => {
  for (const [name, m] of Object.entries(MISTAKES)) {
    it(`${name} [${m.sdk}]`, () => {
      const found = at(lintConf(m.text), m.code, m.line);
      assert.equal(found.length, 1, `one ${m.code} at line ${m.line}: ${JSON.stringify(lintConf(m.text))}`);
      assert.equal(covered(m.text, found[0]), m.at);
      if (m.fixed === undefined) return;
      assert.ok(found[0].fixes?.length, 'a fix is offered');
      const fixed = applyEdits(m.text, found[0].fixes![0].edits);
      assert.equal(fixed, m.fixed);
      assert.deepEqual(lintConf(fixed).filter((f) => f.line === m.line && f.severity !== 'hint' && f.severity !== 'information'), [], 'nothing left at that line');
    });
  }
});

describe('conf-language: the issue-19 storage rules appear once at their line', () => {
  const text = [
    'sdk.aws.s3.credentials: [',
    '  { host: "minio:9000", key: k, secret: s, multipart: false, secure: "false" }',
    '  { bucket: "b/sub", key: k, secret: s }',
    '  { host: "m2:9000", key: k, secret: s, secure: true, verify: "no" }',
    ']',
    'sdk.google.storage.credentials: [ { bucket: "g/sub", project: p, credentials_json: "/c.json" } ]',
  ].join('\n');
  for (const format of ['hocon', 'json'] as const) {
    it(`in ${format}: loose bool, bucket with a slash, verify as CA bundle`, () => {
      const input = format === 'json'
        ? JSON.stringify({ sdk: { aws: { s3: { credentials: [{ host: 'minio:9000', key: 'k', secret: 's', multipart: false, secure: 'false' }, { bucket: 'b/sub', key: 'k', secret: 's' }, { host: 'm2:9000', key: 'k', secret: 's', secure: true, verify: 'no' }] } }, google: { storage: { credentials: [{ bucket: 'g/sub', project: 'p', credentials_json: '/c.json' }] } } } }, null, 1)
        : text;
      const findings = lintConf(input, { format });
      const lineOf = (needle: string) => input.split('\n').findIndex((l) => l.includes(needle));
      const onLine = (needle: string) => findings.filter((f) => f.line === lineOf(needle) && covered(input, f).includes(needle.replace(/^.*: /, '')));
      for (const needle of ['"secure": "false"', '"bucket": "b/sub"', '"verify": "no"', '"bucket": "g/sub"'].map((n) => (format === 'json' ? n : n.replace(/"(\w+)": /, '$1: ')))) {
        assert.equal(onLine(needle).length, 1, `${needle}: ${JSON.stringify(onLine(needle))}`);
      }
    });
  }
});
