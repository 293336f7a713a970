/** Server vaults (priority default). One contribution has one priority, so local files need a second view type. */
export const VIEW_TYPE = 'clearml.vaultEditor';
/** Local *.vault.* files (priority option: "Open With…", "Open Preview to the Side"). */
export const FILE_VIEW_TYPE = 'clearml.vaultFileEditor';
