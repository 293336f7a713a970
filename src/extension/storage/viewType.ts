/**
 * View type of the Storage Credentials panel, in a module of its own: the area's entry (./index, loaded at
 * activation) and the panel (./panel, loaded on first use) both need it, and neither may import the other for it.
 */
export const STORAGE_VIEW_TYPE = 'clearml.storageCredentials';
