/**
 * View type of the Preferences panel, in a module of its own: the area's entry (./index, loaded at activation) and
 * the panel (./panel, loaded on first use) both need it, and neither may import the other for it.
 */
export const PREFERENCES_VIEW_TYPE = 'clearml.preferences';
