/** The renderer's stylesheet: layout only, every colour from the editor theme's `--vscode-*` variables. */
export const TREE_STYLES = `
.tlnb-result { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); color: var(--vscode-foreground); }
.tlnb-toolbar { display: flex; gap: 8px; align-items: center; margin: 2px 0 6px; }
.tlnb-binding { color: var(--vscode-descriptionForeground); }
.tlnb-search { flex: 0 1 260px; padding: 2px 6px; font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); border-radius: 2px; }
.tlnb-search:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.tlnb-count { color: var(--vscode-descriptionForeground); }
.tlnb-tree, .tlnb-tree ul { list-style: none; margin: 0; padding: 0; }
.tlnb-tree ul { padding-left: 16px; }
.tlnb-row { display: flex; padding: 0 4px; line-height: 20px; white-space: pre; cursor: default; border-radius: 2px; }
.tlnb-row:hover { background: var(--vscode-list-hoverBackground); }
.tlnb-item:focus { outline: none; }
.tlnb-item:focus > .tlnb-row { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.tlnb-twisty { width: 10px; margin-right: 6px; flex: none; color: var(--vscode-icon-foreground, var(--vscode-foreground)); }
.tlnb-item[aria-expanded="false"] > ul { display: none; }
.tlnb-key { color: var(--vscode-symbolIcon-fieldForeground, var(--vscode-debugTokenExpression-name)); }
.tlnb-type { color: var(--vscode-symbolIcon-classForeground, var(--vscode-debugTokenExpression-type)); }
.tlnb-number { color: var(--vscode-debugTokenExpression-number); }
.tlnb-string { color: var(--vscode-debugTokenExpression-string); }
.tlnb-boolean { color: var(--vscode-debugTokenExpression-boolean); }
.tlnb-null, .tlnb-note { color: var(--vscode-descriptionForeground); }
.tlnb-note { margin-left: 6px; }
.tlnb-bytes { color: var(--vscode-debugTokenExpression-value, var(--vscode-foreground)); }
.tlnb-hidden { display: none; }
.tlnb-match { background: var(--vscode-editor-findMatchHighlightBackground); border-radius: 2px; }
`
