/** Public entry of the setup check (no `vscode` import): runSetupCheck, the report contract and its Markdown form. */
export type { CheckId, FindingStatus, FindingCause, Fix, Finding, SetupReport, SetupCheckOptions, SignedInProfile, VaultLayer, FindingLocation } from './types';
export { runSetupCheck } from './run';
export { reportMarkdown } from './report';
export { maskKey } from './context';
export { applyFixToConfText } from './fixes';
export { deriveServerUrls, checkServerUrls, roleOf, type ServerUrls, type ServerUrlsCheck } from './serverUrls';
