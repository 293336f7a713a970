/** The position scanner behind the outline, folding and go to definition of clearml.conf and vaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodesAt, outlineConf, referenceAt, type OutlineNode } from '../../../src/core/conf-language/outline';

/** `name(kind)[child, …]` for a compact comparison of the tree's shape. */
const shape = (nodes: OutlineNode[]): string[] => nodes.map((n) => `${n.name}(${n.kind})${n.children.length ? `[${shape(n.children).join(', ')}]` : ''}`);

const CONF = `# ClearML SDK configuration file
# second comment line
api {
  api_server: https://api.clear.ml   # a comment after a value with //
  web_server: "https://app.clear.ml"
  credentials { "access_key": "AK", secret_key: \${SECRET} }
}
sdk.aws.s3 {
  key: "\${?AWS_KEY}"
  credentials: [
    { bucket: "b1", key: x, secret: y },
    {
      host: "minio:9000"
    }
  ]
}
base { image: "nvidia/cuda" }
agent.default_docker: \${base} { arguments: ["--ipc=host"] }
include required(file("other.conf"))
include "plain.conf"
`;

test('HOCON: nested blocks, dotted keys, lists of entries and concatenated objects become a tree', () => {
  const o = outlineConf(CONF, 'hocon');
  assert.deepEqual(shape(o.nodes), [
    'api(object)[api_server(value), web_server(value), credentials(object)[access_key(value), secret_key(value)]]',
    'sdk(object)[aws(object)[s3(object)[key(value), credentials(array)[[0](object)[bucket(value), key(value), secret(value)], [1](object)[host(value)]]]]]',
    'base(object)[image(value)]',
    'agent(object)[default_docker(object)[arguments(array)]]',
  ]);
  const server = nodesAt(o, 'api.api_server')[0];
  assert.deepEqual(server.keyRange, { line: 3, character: 2, endLine: 3, endCharacter: 12 });
  // The value `https://api.clear.ml` is one token (`//` inside it is no comment); the comment is not part of it.
  assert.equal(server.range.endCharacter, '  api_server: https://api.clear.ml'.length);
  assert.deepEqual(nodesAt(o, 'sdk.aws.s3.credentials[]').map((n) => n.name), ['[0]', '[1]']);
  assert.equal(nodesAt(o, 'sdk.aws.s3.credentials[].host').length, 1);
  // A dotted key: each part has its own key range (a rename touches one part).
  const aws = nodesAt(o, 'sdk.aws')[0];
  assert.deepEqual(aws.keyRange, { line: 7, character: 4, endLine: 7, endCharacter: 7 });
  assert.equal(nodesAt(o, 'sdk')[0].range.endLine, 15);
});

test('HOCON: substitutions and include targets are references at their positions; a quoted ${…} is text', () => {
  const o = outlineConf(CONF, 'hocon');
  assert.deepEqual(o.references.map((r) => [r.kind, r.target, r.optional, r.resource]), [
    ['substitution', 'SECRET', false, undefined],
    ['substitution', 'base', false, undefined],
    ['include', 'other.conf', false, 'file'],
    ['include', 'plain.conf', true, 'default'],
  ]);
  const base = o.references[1];
  assert.deepEqual(base.range, { line: 17, character: 22, endLine: 17, endCharacter: 29 });
  assert.equal(referenceAt(o, 17, 25)?.target, 'base');
  assert.equal(referenceAt(o, 17, 30), undefined);
  assert.deepEqual(o.references[2].range, { line: 18, character: 22, endLine: 18, endCharacter: 34 });
});

test('HOCON: blocks spanning lines fold, keeping the closing bracket visible; comment blocks fold', () => {
  const o = outlineConf(CONF, 'hocon');
  const folds = o.folds.map((f) => `${f.startLine}-${f.endLine}${f.kind ? ' ' + f.kind : ''}`).sort();
  assert.deepEqual(folds, ['0-1 comment', '11-12', '2-5', '7-14', '9-13'].sort());
});

test('JSON: the root braces wrap the same tree', () => {
  const o = outlineConf('{\n  "api": {\n    "api_server": "http://x:8008"\n  },\n  "sdk": {"aws": {"s3": {"credentials": [{"bucket": "a"}]}}}\n}\n', 'json');
  assert.deepEqual(shape(o.nodes), ['api(object)[api_server(value)]', 'sdk(object)[aws(object)[s3(object)[credentials(array)[[0](object)[bucket(value)]]]]]']);
  assert.deepEqual(o.folds.map((f) => [f.startLine, f.endLine]).sort(), [[0, 4], [1, 2]]);
});

test('a broken file still outlines what precedes and follows the break, and the scanner ends', () => {
  const o = outlineConf('api {\n  api_server: "unterminated\n  web_server: x\n}\nsdk { a: [1, 2\n}\nagent { b: 1 }\n', 'hocon');
  assert.deepEqual(o.nodes.map((n) => n.name), ['api', 'sdk', 'agent']);
  assert.deepEqual(nodesAt(o, 'api.web_server').length, 1);
  for (const text of ['{', '}', ']', '[', '${', 'include', 'include "', 'a.b.', '"', '"""', 'a = ${x', 'a: [{]', 'a { b { c']) {
    assert.doesNotThrow(() => outlineConf(text, 'hocon'), text);
  }
});

test('YAML: keys nest by indentation, list items in both indent styles, substitutions found', () => {
  const yaml = `# vault
sdk:
  aws:
    s3:
      key: \${AWS_KEY}
      credentials:
      - bucket: a
        key: x
      - host: "minio:9000"
        secure: false
agent:
  extra_docker_arguments:
    - "--ipc=host"
    - "--shm-size=8g"
  "quoted key": 1
`;
  const o = outlineConf(yaml, 'yaml');
  assert.deepEqual(shape(o.nodes), [
    'sdk(object)[aws(object)[s3(object)[key(value), credentials(array)[[0](object)[bucket(value), key(value)], [1](object)[host(value), secure(value)]]]]]',
    'agent(object)[extra_docker_arguments(array), quoted key(value)]',
  ]);
  assert.deepEqual(nodesAt(o, 'sdk.aws.s3.credentials[].secure')[0].keyRange, { line: 9, character: 8, endLine: 9, endCharacter: 14 });
  assert.deepEqual(nodesAt(o, 'sdk')[0].range, { line: 1, character: 0, endLine: 9, endCharacter: 21 });
  assert.deepEqual(o.references.map((r) => r.target), ['AWS_KEY']);
  assert.ok(o.folds.some((f) => f.startLine === 1 && f.endLine === 9));
});
