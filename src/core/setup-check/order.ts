import type { CheckId } from './types';

/** The order checks appear in, in reports and in the Setup Check view. */
export const CHECK_ORDER: CheckId[] = [
  'config-file', 'config-parse', 'env-overrides', 'api-url', 'web-url', 'files-url',
  'api-reachable', 'api-credentials', 'signed-in-server', 'web-reachable', 'files-reachable', 'storage',
];
