/**
 * Keys the SDK 2.x default sdk.conf adds (clearml v2.1.7, clearml/config/default/sdk.conf), beyond the 332 records
 * of the 1.17 catalogue: without them the SDK's own newer example file would show unknown keys.
 */
import type { CatalogueRecord } from './catalogue';

export const SDK2_RECORDS: readonly CatalogueRecord[] = [
  { key: 'sdk.storage.cache.disk_space_file_size_strategy', type: 'object', description: 'Size-aware cache mode that cleans the cache by disk usage and file sizes (SDK 2.x).', readBy: 'sdk', status: 'active' },
  { key: 'sdk.storage.http', type: 'object', description: 'HTTP storage settings (SDK 2.x).', readBy: 'sdk', status: 'active' },
  { key: 'sdk.storage.http.legacy_fileservers', type: 'list', description: 'Older files server URLs that still receive ClearML credentials (SDK 2.x).', default: [], readBy: 'sdk', status: 'active' },
  { key: 'sdk.storage.block_pickled_artifacts', type: 'boolean', description: 'Refuse to unpickle downloaded artifacts (SDK 2.x).', default: false, readBy: 'sdk', status: 'active' },
  { key: 'sdk.development.default_shell_binary', type: 'string', description: 'Shell used to run tasks (SDK 2.x).', default: '/bin/bash', readBy: 'sdk', status: 'active' },
  { key: 'sdk.aws.boto3.s3', type: 'object', description: 'Extra S3 client settings passed to boto3 (e.g. addressing_style) (SDK 2.x).', default: {}, readBy: 'sdk', status: 'active' },
];
