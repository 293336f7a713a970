/**
 * The heavy third-party libraries (axios with its proxy agent, yaml), loaded on first use instead of when the
 * extension activates: activation only registers views and commands, and evaluating these alone took longer than
 * its whole budget. In the extension bundle each `require` below becomes a file of its own, dist/vendor/<name>.js
 * (scripts/build.mjs); everywhere else (unit tests, the local server, benches) it resolves from node_modules.
 * Only `import type` of these packages is allowed elsewhere in src/ (ESLint enforces it).
 */
import type * as AxiosModule from 'axios';
import type * as ProxyAgentModule from 'https-proxy-agent';
import type * as YamlModule from 'yaml';

type Axios = AxiosModule.AxiosStatic;
type Yaml = typeof YamlModule;
type HttpsProxyAgentClass = typeof ProxyAgentModule.HttpsProxyAgent;

let axios: Axios | undefined;
let yaml: Yaml | undefined;
let proxyAgent: HttpsProxyAgentClass | undefined;

/* eslint-disable @typescript-eslint/no-require-imports -- these requires are the lazy loading (see above) */
export function axiosLib(): Axios {
  if (!axios) {
    const m = require('axios') as Axios & { default?: Axios };
    axios = m.default ?? m;
  }
  return axios;
}

export function yamlLib(): Yaml {
  yaml ??= require('yaml') as Yaml;
  return yaml;
}

export function httpsProxyAgentClass(): HttpsProxyAgentClass {
  proxyAgent ??= (require('https-proxy-agent') as typeof ProxyAgentModule).HttpsProxyAgent;
  return proxyAgent;
}
/* eslint-enable @typescript-eslint/no-require-imports */
