/** The endpoint table of the local server, one module per service as the real server is organised. */
import { authEndpoints } from './auth';
import type { EndpointTable } from './context';
import { debugEndpoints } from './debug';
import { gatewayEndpoints } from './gateway';
import { loginEndpoints } from './login';
import { organizationEndpoints } from './organization';
import { serverEndpoints } from './server';
import { userEndpoints } from './users';
import { vaultEndpoints } from './vaults';

export { API_VERSION, DEFAULT_EXPIRATION_SEC, DEFAULT_MAX_CREDENTIALS, SERVER_VERSION, type CallContext, type EndpointDef, type EndpointTable } from './context';
export { invalidPreferenceKey } from './users';

export function buildEndpoints(): EndpointTable {
  return { ...debugEndpoints, ...serverEndpoints, ...authEndpoints, ...loginEndpoints, ...userEndpoints(), ...vaultEndpoints(), ...organizationEndpoints, ...gatewayEndpoints() };
}
