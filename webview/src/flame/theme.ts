// The editor's own colours, read from the --vscode-* variables the webview host sets, with
// fallbacks for a plain browser page.
export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  border: string;
  focus: string;
  error: string;
  selection: string;
  font: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function readTheme(el: HTMLElement): Theme {
  const style = getComputedStyle(el);
  const body = el.ownerDocument.body;
  const highContrast =
    body.classList.contains('vscode-high-contrast') ||
    body.classList.contains('vscode-high-contrast-light') ||
    matchMedia('(forced-colors: active)').matches;
  const foreground = cssVar(style, '--vscode-foreground', '#cccccc');
  return {
    background: cssVar(style, '--vscode-editor-background', '#1e1e1e'),
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', '#9d9d9d'),
    grid: cssVar(style, '--vscode-editorIndentGuide-background1', cssVar(style, '--vscode-panel-border', '#80808040')),
    border: cssVar(style, '--vscode-contrastBorder', highContrast ? foreground : 'transparent'),
    focus: cssVar(style, '--vscode-focusBorder', '#007fd4'),
    error: cssVar(style, '--vscode-errorForeground', '#f14c4c'),
    selection: cssVar(style, '--vscode-editor-selectionBackground', '#264f78'),
    font: cssVar(style, '--vscode-font-family', 'system-ui, -apple-system, "Segoe UI", sans-serif'),
    highContrast,
  };
}
