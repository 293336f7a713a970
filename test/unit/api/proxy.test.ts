import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunningServer } from '../../../server/index';
import { startServer } from '../../../server/index';
import { bypassesProxy, environmentProxies, proxyFor } from '../../../src/core/net/proxy';
import { client, JANE_BASIC } from './helpers';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy';

/**
 * The proxy choice is python-requests' (the SDK's HTTP stack): requests/utils.py should_bypass_proxies,
 * select_proxy and get_environ_proxies, over urllib/request.py getproxies_environment and
 * proxy_bypass_environment. Expectations below are what those functions return for the same inputs.
 */
describe('proxy choice as python-requests makes it', () => {
  it("requests' own should_bypass_proxies table (tests/test_utils.py): CIDR, exact IPs, host names, host:port", () => {
    const env = { no_proxy: '192.168.0.0/24,127.0.0.1,localhost.localdomain,172.16.1.1, google.com:6000' };
    const table: [string, boolean][] = [
      ['http://192.168.0.1:5000/', true], ['http://192.168.0.1/', true], ['http://172.16.1.1/', true],
      ['http://172.16.1.1:5000/', true], ['http://localhost.localdomain:5000/v1.0/', true], ['http://google.com:6000/', true],
      ['http://172.16.1.12/', false], ['http://172.16.1.12:5000/', false], ['http://google.com:5000/v1.0/', false],
    ];
    for (const [url, bypass] of table) assert.equal(bypassesProxy(url, env), bypass, url);
  });

  it('CIDR ranges only match inside their mask; a host name never matches a CIDR', () => {
    const env = { NO_PROXY: '10.0.0.0/8, 172.16.0.0/12', HTTPS_PROXY: 'http://proxy:3128' };
    assert.equal(proxyFor('https://10.200.3.4:8008', env), undefined);
    assert.equal(proxyFor('https://172.31.255.255', env), undefined);
    assert.equal(proxyFor('https://172.32.0.1', env), 'http://proxy:3128');
    assert.equal(proxyFor('https://11.0.0.1', env), 'http://proxy:3128');
    assert.equal(proxyFor('https://ten.example', env), 'http://proxy:3128');
  });

  it('domain suffixes: "corp" and ".corp" match sub.corp; case and spaces do not matter', () => {
    const env = (no: string) => ({ NO_PROXY: no, HTTPS_PROXY: 'http://proxy:3128' });
    assert.equal(proxyFor('https://api.corp', env('corp')), undefined);
    assert.equal(proxyFor('https://api.corp', env('.corp')), undefined);
    assert.equal(proxyFor('https://API.Corp:8008', env(' .CORP ')), undefined);
    assert.equal(proxyFor('https://api.corp.example', env('.corp')), 'http://proxy:3128');
    // requests compares plain suffixes first: "corp" also matches "mycorp" (the SDK does the same).
    assert.equal(proxyFor('https://mycorp', env('corp')), undefined);
  });

  it('host:port entries exclude only that port', () => {
    const env = { NO_PROXY: 'files.corp:8081', HTTP_PROXY: 'http://proxy:3128' };
    assert.equal(proxyFor('http://files.corp:8081/x', env), undefined);
    assert.equal(proxyFor('http://files.corp:8008/x', env), 'http://proxy:3128');
  });

  it('"*" alone bypasses everything; inside a list it is not a wildcard', () => {
    assert.equal(proxyFor('https://anything.example', { NO_PROXY: '*', HTTPS_PROXY: 'http://p:1' }), undefined);
    assert.equal(proxyFor('https://anything.example', { NO_PROXY: 'corp,*', HTTPS_PROXY: 'http://p:1' }), 'http://p:1');
  });

  it('lower-case variables win; an empty lower-case proxy variable removes the upper-case one', () => {
    assert.equal(proxyFor('https://x.example', { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2' }), 'http://low:1');
    assert.equal(proxyFor('http://x.example', { http_proxy: '', HTTP_PROXY: 'http://up:2' }), undefined);
    // no_proxy (lower case) is read first; NO_PROXY is then not consulted at all
    assert.equal(proxyFor('https://b.example', { no_proxy: 'a.example', NO_PROXY: 'b.example', HTTPS_PROXY: 'http://p:1' }), 'http://p:1');
    assert.equal(proxyFor('https://a.example', { no_proxy: 'a.example', NO_PROXY: 'b.example', HTTPS_PROXY: 'http://p:1' }), undefined);
  });

  it('the scheme picks the variable, ALL_PROXY is the fallback, a proxy without a scheme is http://', () => {
    const env = { HTTP_PROXY: 'plain:3128', ALL_PROXY: 'http://all:1' };
    assert.equal(proxyFor('http://x.example', env), 'http://plain:3128');
    assert.equal(proxyFor('https://x.example', env), 'http://all:1');
    assert.deepEqual([...environmentProxies({ FTP_PROXY: 'f', REQUEST_METHOD: 'GET', HTTP_PROXY: 'h' })], [['ftp', 'f']]);
  });
});

describe('the API client sends its credentials through a proxy only when NO_PROXY does not exclude the server', () => {
  let srv: RunningServer;
  let proxy: RecordingProxy;
  before(async () => { srv = await startServer({ port: 0, edition: 'opensource' }); });
  after(async () => { await srv.close(); });

  const fresh = async (): Promise<void> => { await proxy?.close(); proxy = await startRecordingProxy(); };
  after(async () => { await proxy?.close(); });

  it('NO_PROXY excludes 127.0.0.1 by CIDR: the proxy receives nothing', async () => {
    await fresh();
    const c = client(srv, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '10.0.0.0/8,127.0.0.0/8' } });
    await c.getCurrentUser();
    assert.deepEqual(proxy.requests, []);
  });

  it('NO_PROXY excludes localhost by suffix (any case): the proxy receives nothing', async () => {
    await fresh();
    const c = client(srv, { apiServer: `http://localhost:${srv.port}`, env: { http_proxy: proxy.url, no_proxy: '.corp, LocalHost' } });
    await c.getCurrentUser();
    assert.deepEqual(proxy.requests, []);
  });

  it('NO_PROXY names other ranges: every call, auth.login with its Basic credentials included, goes through the proxy', async () => {
    await fresh();
    const c = client(srv, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '10.0.0.0/8,.corp' } });
    await c.getCurrentUser();
    assert.ok(proxy.requests.includes(`POST ${srv.url}/auth.login`), proxy.requests.join('\n'));
    assert.ok(proxy.text().includes(JANE_BASIC), 'the proxy saw the Basic credentials');
  });

  it('an explicit proxy: null means a direct connection whatever the environment', async () => {
    await fresh();
    const c = client(srv, { proxy: null, env: { HTTP_PROXY: proxy.url } });
    await c.getCurrentUser();
    assert.deepEqual(proxy.requests, []);
  });
});
