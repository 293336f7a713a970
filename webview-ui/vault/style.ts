/** Styles of the vault preview: VS Code theme variables only, so every theme (and high contrast) works. */
export const STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 0 16px 24px; }
button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 3px 8px; display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
select, input[type=search] { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; border-radius: 2px; }
input[type=search] { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border-color: var(--vscode-input-border, transparent); min-width: 16em; }
.toolbar { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: 8px; padding: 10px 0 8px; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, transparent); flex-wrap: wrap; }
.title { font-size: 1.15em; font-weight: 600; margin: 0; display: flex; align-items: center; gap: 6px; }
.dirty { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); font-size: .9em; }
.draft-tag { font-size: .8em; font-weight: 400; padding: 1px 6px; border-radius: 8px; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
.banner[data-code=draft] button { margin-left: 4px; }
.spacer { flex: 1; }
.format-label { opacity: .8; }
.toggle { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.toggle[hidden] { display: none; }
.banners { display: flex; flex-direction: column; gap: 6px; margin-top: 10px; }
.banner { display: flex; align-items: flex-start; gap: 8px; padding: 6px 10px; border-radius: 3px; border-left: 3px solid; line-height: 1.4; }
.banner .codicon { margin-top: 2px; }
.banner .msg { flex: 1; }
.banner.error { border-color: var(--vscode-editorError-foreground); background: var(--vscode-inputValidation-errorBackground, rgba(255,0,0,.08)); }
.banner.error > .codicon { color: var(--vscode-editorError-foreground); }
.banner.warning { border-color: var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, rgba(255,200,0,.08)); }
.banner.warning > .codicon { color: var(--vscode-editorWarning-foreground); }
.banner.info { border-color: var(--vscode-editorInfo-foreground); background: var(--vscode-inputValidation-infoBackground, rgba(0,120,255,.06)); }
.banner.info > .codicon { color: var(--vscode-editorInfo-foreground); }
.banner[data-code=sdk-skips] { font-weight: 600; }
button.link { background: none; border: none; color: var(--vscode-textLink-foreground); padding: 0; text-decoration: underline; }
.problems { display: flex; flex-direction: column; gap: 2px; margin-top: 8px; }
.problem { justify-content: flex-start; background: none; border: none; color: var(--vscode-foreground); text-align: left; padding: 2px 4px; }
.problem:hover { background: var(--vscode-list-hoverBackground); }
.problem.error .codicon { color: var(--vscode-editorError-foreground); }
.problem.warning .codicon { color: var(--vscode-editorWarning-foreground); }
.problem .pos { font-family: var(--vscode-editor-font-family); opacity: .85; min-width: 11em; }
.layers { display: flex; align-items: center; flex-wrap: wrap; gap: 6px; margin-top: 12px; }
.layers-title { opacity: .75; margin-right: 4px; }
.layer { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 10px; border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); }
.layer.this { border-color: var(--vscode-focusBorder); font-weight: 600; }
.layer.disabled, .layer.missing { opacity: .6; text-decoration: line-through; }
.layer.parse-error, .layer.empty, .layer.not-an-object { border-color: var(--vscode-editorError-foreground); }
.summary { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 10px; align-items: center; }
.stat { display: inline-flex; align-items: center; gap: 4px; }
.stat.added .codicon, .badge.added .codicon { color: var(--vscode-gitDecoration-addedResourceForeground); }
.stat.overridden .codicon, .badge.overridden .codicon { color: var(--vscode-gitDecoration-modifiedResourceForeground); }
.stat.shadowed .codicon, .badge.shadowed .codicon { color: var(--vscode-disabledForeground); }
.stat.protected .codicon, .badge.protected .codicon { color: var(--vscode-editorWarning-foreground); }
.muted { opacity: .7; }
.controls { display: flex; gap: 8px; margin-top: 12px; }
.table-box { margin-top: 8px; }
body.stale .table-box, body.stale .summary, body.stale .layers { opacity: .55; }
table.keys { width: 100%; border-collapse: collapse; font-size: .95em; }
table.keys th { text-align: left; font-weight: 600; padding: 4px 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); position: sticky; top: 44px; background: var(--vscode-editor-background); }
table.keys td { padding: 3px 6px; vertical-align: top; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
tr.object td.key { font-weight: 600; opacity: .85; }
tr.object .codicon { font-size: 12px; opacity: .6; }
td.key { white-space: nowrap; }
td.value { width: 45%; min-width: 10em; }
td.value code, .previous code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); overflow-wrap: anywhere; }
td.value .codicon-lock { margin-right: 4px; opacity: .8; }
.previous { opacity: .75; font-size: .9em; margin-top: 2px; }
.previous code { text-decoration: line-through; }
.position { margin-left: 8px; font-size: .9em; }
tr.this td.key { border-left: 2px solid var(--vscode-focusBorder); }
tr.clickable { cursor: pointer; }
tr.row:hover { background: var(--vscode-list-hoverBackground); }
td.source-cell { white-space: nowrap; opacity: .8; font-size: .9em; }
.badge { display: inline-flex; align-items: center; gap: 3px; margin-right: 6px; white-space: nowrap; }
tr.item td { border-bottom-style: dotted; }
tr.item .index { font-family: var(--vscode-editor-font-family); opacity: .8; }
.list-summary { opacity: .8; display: inline-flex; align-items: center; gap: 4px; }
.fields { display: flex; flex-direction: column; gap: 1px; }
.field-key { opacity: .75; }
.field code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); overflow-wrap: anywhere; }
.empty { opacity: .7; font-style: italic; }
details.source { margin-top: 16px; }
details.source summary { cursor: pointer; opacity: .85; }
/* Narrow editors (preview beside the text): let everything but the value wrap so nothing is cut off. */
@media (max-width: 760px) {
  td.key, td.source-cell { white-space: normal; overflow-wrap: break-word; }
  .badge .label { display: none; }
  td.value { width: auto; min-width: 8em; }
  table.keys td, table.keys th { padding: 3px 4px; }
}
textarea { width: 100%; min-height: 14em; box-sizing: border-box; margin-top: 6px; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, #8884); resize: vertical; tab-size: 2; }
`;
