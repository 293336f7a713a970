/** Theme comes only from VS Code's --vscode-* variables, so light, dark and high-contrast themes just work. */
export const css = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 0 24px 40px;
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  line-height: 1.45;
}
main { max-width: 980px; }
header.top {
  position: sticky; top: 0; z-index: 2;
  background: var(--vscode-editor-background);
  padding: 16px 0 10px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
}
h1 { font-size: 1.5em; font-weight: 600; margin: 0 0 2px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 28px 0 4px; }
h3 { font-size: 1em; font-weight: 600; margin: 18px 0 4px; }
.sub { color: var(--vscode-descriptionForeground); }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 10px; }
.spacer { flex: 1; }
.dirty { color: var(--vscode-gitDecoration-modifiedResourceForeground, var(--vscode-editorWarning-foreground)); font-weight: 600; }
.clean { color: var(--vscode-descriptionForeground); }
.chip {
  display: inline-block; padding: 0 6px; margin-left: 6px; border-radius: 9px; font-size: 0.85em;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
}
.setting { padding: 10px 0; border-bottom: 1px solid var(--vscode-widget-border, transparent); }
.setting:last-child { border-bottom: none; }
.setting .desc { color: var(--vscode-descriptionForeground); margin: 2px 0 0 26px; }
.setting.browser-only .desc { font-style: italic; }
.banner {
  margin: 12px 0; padding: 8px 12px; border-radius: 2px;
  border-left: 4px solid var(--vscode-textLink-foreground);
  background: var(--vscode-textBlockQuote-background);
}
.banner.error { border-left-color: var(--vscode-editorError-foreground); background: var(--vscode-inputValidation-errorBackground); }
.banner.warning { border-left-color: var(--vscode-editorWarning-foreground); }
.banner h3 { margin-top: 4px; }
input[type=radio] { accent-color: var(--vscode-button-background); }
input[type=radio]:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.banner .codicon { vertical-align: text-bottom; margin-right: 6px; }
.list-editor { margin: 8px 0 0 26px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 6px; vertical-align: middle; }
th { font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); }
tbody tr:nth-child(even) td { background: var(--vscode-editorWidget-background, transparent); }
td.mono, .mono { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
td.actions { white-space: nowrap; text-align: right; width: 1%; }
td.empty { color: var(--vscode-descriptionForeground); font-style: italic; }
.list-editor table { max-width: 560px; }
.row-add { display: flex; gap: 8px; margin-top: 8px; max-width: 560px; }
.row-add vscode-textfield { flex: 1; }
vscode-textfield { width: 100%; }
.editor h3 { margin-top: 0; }
.editor {
  margin-top: 12px; padding: 12px; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
  background: var(--vscode-editorWidget-background); border-radius: 2px;
}
.grid { display: grid; grid-template-columns: repeat(3, minmax(180px, 1fr)); gap: 10px 16px; }
.field label { display: block; font-weight: 600; margin-bottom: 3px; }
.field .hint { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.field .err { color: var(--vscode-errorForeground); font-size: 0.9em; }
.masked { letter-spacing: 2px; }
.muted { color: var(--vscode-descriptionForeground); }
.conflict table td, .conflict table th { padding: 6px; }
.status { margin-top: 6px; }
.status:empty { display: none; }
.note { margin-top: 6px; }
.status.error { color: var(--vscode-errorForeground); }
.icon-button {
  background: none; border: 1px solid transparent; color: var(--vscode-icon-foreground, var(--vscode-foreground));
  padding: 2px 4px; border-radius: 4px; cursor: pointer;
}
.icon-button:hover { background: var(--vscode-toolbar-hoverBackground); }
.icon-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.icon-button:disabled { opacity: 0.5; cursor: default; }
.link-button {
  background: none; border: none; padding: 0 2px; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit;
}
.link-button:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
.link-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
