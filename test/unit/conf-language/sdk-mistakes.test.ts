/**
 * Review (issue 20): the mistakes users make most (../shared/docs/clearml-conf-language.md "What users get wrong",
 * clearml-setup-problems.md), each found with the right code at the right line, and where a fix exists, the fix
 * applied gives a text with no finding left at that place. What the SDK does with each is cited per case.
 * Item 5: the issue-19 storage rules appear once at their line, never twice (key check and storage rule).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintConf, type ConfRange } from '../../../src/core/conf-language';
import { applyEdits, covered } from './caret';

/**
 * Each mistake: what the SDK does with it (file and function), the finding's code, and the text with the finding's
 * range marked «covered», or «covered=>replacement» where the first fix replaces what the range covers.
 */
const MISTAKES: Record<string, { sdk: string; code: string; marked: string }> = {
  'agent.docker_default.image for agent.default_docker.image (clearml#726)': {
    sdk: 'clearml_agent/commands/worker.py reads agent.default_docker.image; an unknown key is ignored',
    code: 'unknown-key', marked: 'agent {\n  «docker_default=>default_docker».image: "nvidia/cuda:11.8"\n}\n',
  },
  'api.verify for api.verify_certificate (clearml#1107)': {
    sdk: 'clearml/backend_api/session/session.py Session.__init__ reads api.verify_certificate only',
    code: 'unknown-key', marked: 'api {\n  api_server: "https://api.example.com"\n  «verify=>verify_certificate»: false\n}\n',
  },
  'the web UI port in api_server (clearml-server#260)': {
    sdk: 'clearml/backend_api/session/session.py sends API calls to api_server as written; 8080 serves the web UI',
    code: 'port-mixup', marked: 'api {\n  api_server: «"http://10.0.0.5:8080"=>"http://10.0.0.5:8008"»\n}\n',
  },
  'secure: "false" in a MinIO entry (a string, true to Python)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfig.secure is taken as given; bool("false") is True',
    code: 'wrong-type', marked: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, multipart: false, secure: «"false"=>false» }\n]\n',
  },
  'a MinIO host without its port (clearml#1017)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfigurations.get_config_by_uri matches host:port only',
    code: 'host-no-port', marked: 'sdk.aws.s3.credentials: [\n  { host: «"minio.example.com"», key: k, secret: s, secure: false }\n]\n',
  },
  'an unknown field in an S3 entry disables all S3 access': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfigurations.from_config builds S3BucketConfig(**entry): TypeError',
    code: 'unknown-key', marked: 'sdk.aws.s3.credentials: [\n  { bucket: b, key: k, «secert=>secret»: s }\n]\n',
  },
  'docker arguments as one string (clearml-agent#49)': {
    sdk: 'clearml_agent/commands/worker.py extends the docker command with the list as given: a string is one argument',
    code: 'wrong-type', marked: 'agent.extra_docker_arguments: «"--ipc=host -v /data:/data"=>["--ipc=host", "-v", "/data:/data"]»\n',
  },
  '"${AWS_SECRET}" in quotes (pyhocon never substitutes inside quotes)': {
    sdk: 'pyhocon ConfigParser: a quoted string is literal text',
    code: 'quoted-substitution', marked: 'sdk.aws.s3 {\n  key: «"${AWS_KEY}"=>${AWS_KEY}»\n}\n',
  },
  'an Azure SAS field (clearml#1453)': {
    sdk: 'clearml/backend_config/bucket_config.py AzureContainerConfig has account_name, account_key, container_name only',
    code: 'azure-sas', marked: 'sdk.azure.storage.containers: [\n  { account_name: acct, «sas_token»: "sv=2020", container_name: c }\n]\n',
  },
  'verify: "false" in an S3 entry (a CA bundle path to boto3)': {
    sdk: 'clearml/storage/helper.py _Boto3Driver passes verify to boto3.client; a string is a CA bundle path',
    code: 'verify-word', marked: 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, secure: true, verify: «"false"=>false» }\n]\n',
  },
  'a bucket written with its path (issue 19)': {
    sdk: 'clearml/backend_config/bucket_config.py S3BucketConfig.bucket is compared with the URI\'s bucket as written',
    code: 'bucket-form', marked: 'sdk.aws.s3.credentials: [\n  { bucket: «"my-bucket/models"», key: k, secret: s }\n]\n',
  },
  'api.host, the legacy name of api_server': {
    sdk: 'clearml/backend_api/session/session.py reads api.host only when api_server is empty',
    code: 'legacy-key', marked: 'api {\n  «host=>api_server»: "http://localhost:8008"\n}\n',
  },
};

/** A case's text without its «…» marks, the marked range (0-based), and the text after the fix when one is marked. */
function unmark(marked: string): { text: string; range: ConfRange; fixed?: string } {
  const mark = /«([^«»]*?)(?:=>([^«»]*))?»/.exec(marked);
  if (!mark || marked.indexOf('«', mark.index + 1) >= 0) throw new Error(`exactly one «…» expected in ${JSON.stringify(marked)}`);
  const before = marked.slice(0, mark.index);
  const after = marked.slice(mark.index + mark[0].length);
  const text = before + mark[1] + after;
  const position = (offset: number) => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const start = position(before.length);
  const end = position(before.length + mark[1].length);
  const range = { line: start.line, character: start.character, endLine: end.line, endCharacter: end.character };
  return { text, range, fixed: mark[2] === undefined ? undefined : before + mark[2] + after };
}

function rangeOf(r: ConfRange): ConfRange {
  return { line: r.line, character: r.character, endLine: r.endLine, endCharacter: r.endCharacter };
}

describe('conf-language: the mistakes users make, as the SDK reads them', () => {
  for (const [name, m] of Object.entries(MISTAKES)) {
    it(`${name} [${m.sdk}]`, () => {
      const { text, range, fixed } = unmark(m.marked);
      const found = lintConf(text).filter((f) => f.code === m.code && f.line === range.line);
      assert.equal(found.length, 1, `one ${m.code} at line ${range.line}: ${JSON.stringify(lintConf(text))}`);
      assert.deepEqual(rangeOf(found[0]), range, `the ${m.code} finding covers ${JSON.stringify(covered(text, found[0]))}`);
      if (fixed === undefined) return;
      assert.ok(found[0].fixes?.length, 'a fix is offered');
      const afterFix = applyEdits(text, found[0].fixes![0].edits);
      assert.equal(afterFix, fixed);
      assert.deepEqual(lintConf(afterFix).filter((f) => f.line === range.line && f.severity !== 'hint' && f.severity !== 'information'), [], 'nothing left at that line');
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
