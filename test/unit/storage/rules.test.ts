import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeVaults, parseHocon } from '../../../src/core/config';
import { readStorage } from '../../../src/core/storage/model';
import { resolveUri } from '../../../src/core/storage/resolve';
import { validateStorage, type RuleId, type StorageIssue } from '../../../src/core/storage/rules';
import { storageFindings } from '../../../src/core/setup-check/storage';

/** A clearml.conf as clearml-init writes it, with a storage section a MinIO user would add by hand. */
function conf(storage: string, development = ''): string {
  return `# ClearML SDK configuration file
api {
    # Notice: 'host' is the api server (default port 8008), not the web server.
    web_server: http://localhost:8080
    api_server: http://localhost:8008
    files_server: http://localhost:8081
    credentials {"access_key": "AKXYZ123", "secret_key": "secretsecretsecret"}
}
sdk {
    storage {
        cache { default_base_dir: "~/.clearml/cache" }
    }
${storage}
    development {
        task_reuse_time_window_in_hours: 72.0
${development}
    }
}
`;
}

function issues(text: string, env = {}): StorageIssue[] {
  const merged = mergeVaults(text, [], { baseFilename: 'clearml.conf' });
  const sourceOf = (p: string) => { const e = merged.provenance.get(p); return e ? `clearml.conf:${e.line}` : undefined; };
  return validateStorage(readStorage(merged.config, sourceOf), { env });
}

const rules = (list: StorageIssue[]) => list.map((i) => i.rule);
function only(list: StorageIssue[], rule: RuleId): StorageIssue {
  const found = list.filter((i) => i.rule === rule);
  assert.equal(found.length, 1, `expected one ${rule}, got: ${JSON.stringify(list.map((i) => i.message), null, 1)}`);
  return found[0];
}

const MINIO = (extra: string) => `    aws {
        s3 {
            region: ""
            key: ""
            secret: ""
            credentials: [
                {
                    # the lab MinIO
                    ${extra}
                    key: "minioadmin"
                    secret: "minioadmin"
                    multipart: false
                }
            ]
        }
    }`;

describe('storage rules on clearml.conf files', () => {
  it('a correct MinIO entry and an output URI that resolves to it: no problem, the URI names the entry and its line', () => {
    const list = issues(conf(MINIO('host: "minio.lab:9000"\n                    secure: false'), '        default_output_uri: "s3://minio.lab:9000/clearml/output"'));
    assert.deepEqual(rules(list), ['uri-entry']);
    assert.equal(list[0].severity, 'info');
    assert.match(list[0].message, /uses the entry minio\.lab:9000 \(every bucket\) \(sdk\.aws\.s3\.credentials item 1 \(clearml\.conf:\d+\)\)/);
  });

  it('host without a port: error storage-no-port, names the file line', () => {
    const i = only(issues(conf(MINIO('host: "minio.lab"\n                    secure: false'))), 'host-no-port');
    assert.equal(i.cause, 'storage-no-port');
    assert.equal(i.severity, 'error');
    assert.match(i.message, /item 1 \(clearml\.conf:\d+\): host "minio\.lab" has no port/);
  });

  it('port 443 is still required, and then secure must be true', () => {
    const noPort = issues(conf(MINIO('host: "s3.company.com"\n                    secure: true')));
    assert.match(only(noPort, 'host-no-port').message, /s3\.company\.com:443/);
    const insecure = only(issues(conf(MINIO('host: "s3.company.com:443"\n                    secure: false'))), 'secure-mismatch');
    assert.equal(insecure.cause, 'storage-secure-mismatch');
  });

  it('port 80 with secure left at its default (true) is a mismatch', () => {
    const i = only(issues(conf(MINIO('host: "minio.lab:80"'))), 'secure-mismatch');
    assert.match(i.message, /not set \(the SDK defaults to true\)/);
  });

  it('secure not set on a custom port: warning that the SDK uses https', () => {
    const i = only(issues(conf(MINIO('host: "minio.lab:9000"'))), 'secure-default');
    assert.equal(i.severity, 'warning');
    assert.equal(i.cause, 'storage-secure-mismatch');
  });

  it('host written with a scheme that contradicts secure', () => {
    const i = only(issues(conf(MINIO('host: "http://minio.lab:9000"'))), 'host-scheme');
    assert.equal(i.cause, 'storage-secure-mismatch');
    assert.match(i.message, /Write host: "minio\.lab:9000" and secure: false/);
  });

  it('an upload URI with the port but no host entry goes to that host with the global key: storage-no-entry', () => {
    const list = issues(conf(`    aws.s3 { key: "AKIAGLOBAL", secret: "globalsecret" }`, '        default_output_uri: "s3://10.0.0.5:9000/bucket/out"'));
    const i = only(list, 'uri-no-entry');
    assert.equal(i.cause, 'storage-no-entry');
    assert.match(i.message, /goes to the server 10\.0\.0\.5:9000 with the global key sdk\.aws\.s3\.key/);
  });

  it('a URI without the port of the MinIO entry is read as an AWS bucket: storage-no-port', () => {
    const list = issues(conf(MINIO('host: "minio.lab:9000"\n                    secure: false'), '        default_output_uri: "s3://minio.lab/clearml"'));
    const i = only(list, 'uri-no-port');
    assert.equal(i.cause, 'storage-no-port');
    assert.match(i.message, /reads "minio\.lab" as an AWS bucket name/);
    assert.match(i.message, /s3:\/\/minio\.lab:9000\/clearml/);
  });

  it('an AWS bucket URI without an entry falls back to the global key (info), or to nothing (error)', () => {
    const withKey = only(issues(conf(`    aws.s3 { key: "AKIAGLOBAL", secret: "globalsecret", region: us-east-2 }`, '        default_output_uri: "s3://team-bucket/out"')), 'uri-fallback');
    assert.match(withKey.message, /goes to AWS S3 \(bucket "team-bucket"\) with the global key/);
    const chain = only(issues(conf(`    aws.s3 { use_credentials_chain: true }`, '        default_output_uri: "s3://team-bucket/out"')), 'uri-fallback');
    assert.match(chain.message, /credentials chain/);
    const env = only(issues(conf('', '        default_output_uri: "s3://team-bucket/out"'), { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' }), 'uri-fallback');
    assert.match(env.message, /AWS_ACCESS_KEY_ID/);
    const none = only(issues(conf('', '        default_output_uri: "s3://team-bucket/out"')), 'uri-no-entry');
    assert.match(none.message, /no credentials at all/);
  });

  it('api.files_server on s3:// is checked too', () => {
    const text = conf(MINIO('bucket: "artifacts"')).replace('files_server: http://localhost:8081', 'files_server: "s3://artifacts/files"');
    const i = only(issues(text), 'uri-entry');
    assert.equal(i.setting, 'api.files_server');
  });

  it('global chain + bucket entries: the maintainers\' advice; global chain + global keys; entry chain + keys', () => {
    const text = conf(`    aws {
        s3 {
            key: "AKIAGLOBAL"
            secret: "globalsecret"
            use_credentials_chain: true
            credentials: [ { bucket: "models", key: "AKIAB", secret: "bsecret", use_credentials_chain: true } ]
        }
    }`);
    const list = issues(text);
    assert.match(only(list, 'chain-with-entries').message, /clearml-server #219/);
    assert.equal(list.filter((i) => i.rule === 'chain-with-keys').length, 2);
  });

  it('entries the SDK ignores or refuses: no keys, half keys, unknown keys, duplicates, bucket with scheme, odd region', () => {
    const text = conf(`    aws.s3.credentials: [
        { bucket: "a" }
        { bucket: "b", key: "K" }
        { bucket: "c", key: "K", secret: "S", endpoint_url: "http://x" }
        { bucket: "d", key: "K", secret: "S" }
        { bucket: "d", key: "K2", secret: "S2" }
        { bucket: "s3://e", key: "K", secret: "S", region: "Frankfurt" }
        "not an entry"
    ]`);
    const list = issues(text);
    assert.equal(only(list, 's3-no-credentials').entry?.index, 0);
    assert.equal(only(list, 's3-partial-keys').entry?.index, 1);
    assert.match(only(list, 'unknown-key').message, /"endpoint_url" is not an S3 entry key; the SDK fails on it/);
    assert.match(only(list, 'duplicate-entry').message, /the SDK uses only item 4/);
    assert.equal(only(list, 'bucket-form').entry?.index, 5);
    assert.equal(only(list, 'region-form').severity, 'warning');
    assert.equal(only(list, 'list-malformed').entry?.index, 6);
  });

  it('global half keys and unknown global keys', () => {
    const list = issues(conf(`    aws.s3 { key: "AKIAGLOBAL", endpoint: "minio:9000" }`));
    assert.equal(only(list, 's3-partial-keys').severity, 'error');
    assert.match(only(list, 'global-unknown-key').message, /sdk\.aws\.s3\.endpoint/);
  });

  it('Azure: SAS keys are not supported, account name must be the name, key required; URI resolution', () => {
    const text = conf(`    azure.storage {
        containers: [
            { account_name: "acme", container_sas: "sv=2022&sig=abc", container_name: "models" }
            { account_name: "acme.blob.core.windows.net", account_key: "a2V5", container_name: "data" }
            { account_name: "team", account_key: "a2V5" }
        ]
    }`, '        default_output_uri: "azure://team.blob.core.windows.net/outputs/run"');
    const list = issues(text);
    assert.match(only(list, 'azure-sas').message, /SAS tokens are not supported yet, clearml #1453/);
    assert.equal(list.filter((i) => i.rule === 'missing-field').length, 1);
    assert.equal(only(list, 'bucket-form').field, 'account_name');
    assert.match(only(list, 'uri-entry').message, /azure team\/\(every container\)/);
    const missing = issues(conf('', '        default_output_uri: "azure://other.blob.core.windows.net/c/x"'));
    assert.equal(only(missing, 'uri-no-entry').cause, 'storage-no-entry');
    const noContainer = issues(conf('', '        default_output_uri: "azure://other.blob.core.windows.net"'));
    assert.match(only(noContainer, 'uri-form').message, /missing a container name/);
  });

  it('Google Storage: unknown keys (HMAC), missing bucket, fallbacks', () => {
    const text = conf(`    google.storage {
        project: "ml"
        credentials = [
            { bucket: "ml-artifacts", subdir: "team", credentials_json: "/secrets/gcs.json" }
            { bucket: "other", access_key: "GOOG1E", secret: "x" }
            { subdir: "x" }
        ]
    }`, '        default_output_uri: "gs://ml-artifacts/team/out"');
    const list = issues(text);
    assert.match(list.find((i) => i.rule === 'unknown-key' && i.field === 'access_key')!.message, /not HMAC keys/);
    assert.equal(list.filter((i) => i.rule === 'missing-field').length, 1);
    assert.equal(only(list, 'uri-entry').resolution?.provider, 'gcs');
    const adc = only(issues(conf('', '        default_output_uri: "gs://b/x"')), 'uri-no-entry');
    assert.equal(adc.severity, 'warning');
    assert.match(adc.message, /application default credentials/);
  });
});

describe('storage resolution follows the SDK', () => {
  const model = (text: string) => readStorage(parseHocon(text));

  it('longest prefix wins; host entries match only URIs with the same host:port; matching is case-insensitive', () => {
    const m = model(`sdk.aws.s3.credentials: [
      { host: "minio:9000", key: A, secret: A }
      { host: "minio:9000", bucket: "special", key: B, secret: B }
      { bucket: "models", key: C, secret: C }
    ]`);
    assert.equal(resolveUri(m, 's3://MINIO:9000/special/x')?.provider === 's3' && (resolveUri(m, 's3://MINIO:9000/special/x') as { key: string }).key, 'B');
    const other = resolveUri(m, 's3://minio:9000/other/x') as { key: string; bucket: string; prefix: string };
    assert.deepEqual([other.key, other.bucket, other.prefix], ['A', 'other', 'x']);
    const aws = resolveUri(m, 's3://models/a/b') as { key: string; host?: string; prefix: string };
    assert.deepEqual([aws.key, aws.host, aws.prefix], ['C', undefined, 'a/b']);
    const none = resolveUri(m, 's3://minio:9001/x') as { fallback?: string; host?: string };
    assert.deepEqual([none.fallback, none.host], ['none', 'minio:9001']);
  });

  it('entries the SDK skips (no keys) are not matched', () => {
    const m = model('sdk.aws.s3 { key: G, secret: G, credentials: [ { bucket: "models" } ] }');
    assert.equal((resolveUri(m, 's3://models/x') as { fallback?: string }).fallback, 'global-keys');
  });
});

describe('storageFindings (the setup check entry)', () => {
  it('maps severities to statuses, keeps the contract causes, and uses sourceOf for vault provenance', () => {
    const base = conf(MINIO('host: "minio.lab"'));
    const vault = 'sdk { development { default_output_uri: "s3://minio.lab:9000/out" } }';
    // the portless entry matches the URI by text prefix and the SDK would connect to port 443: storage-no-port
    const merged = mergeVaults(base, [{ name: 'Team vault', format: 'hocon', text: vault }], { baseFilename: 'clearml.conf' });
    const findings = storageFindings(merged.config, (p) => {
      const e = merged.provenance.get(p);
      return e ? `${e.source === 'base' ? 'clearml.conf' : `vault "${e.source}"`}:${e.line}` : undefined;
    });
    assert.ok(findings.every((f) => f.check === 'storage'));
    const causes = findings.map((f) => f.cause).filter(Boolean);
    assert.ok(causes.includes('storage-no-port'));
    assert.ok(causes.includes('storage-no-port'));
    assert.ok(causes.every((c) => ['storage-no-entry', 'storage-no-port', 'storage-secure-mismatch'].includes(c!)));
    const uri = findings.find((f) => f.message.startsWith('sdk.development'))!;
    assert.equal(uri.status, 'error');
    assert.match(uri.message, /sdk\.development\.default_output_uri \(vault "Team vault":1\)/);
    assert.deepEqual(storageFindings({}), []);
  });
});
