// The one HTML shell of every webview (the sidebar list and the trace panels): a strict CSP with
// a fresh nonce, the bundled script and stylesheet, and the view to draw as data attributes.
import { randomBytes } from 'node:crypto';
import type { ViewKind } from '../../webview/src/protocol';

export interface ShellOptions {
  /** webview.cspSource */
  cspSource: string;
  scriptUri: string;
  styleUri?: string;
  view: ViewKind;
  traceId?: string;
  /** More `data-*` attributes for the view (the comparison's `compare`, `left`, `right`). */
  data?: Record<string, string>;
  title: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function webviewShell(o: ShellOptions): string {
  const nonce = o.nonce ?? newNonce();
  const traceAttr =
    (o.traceId !== undefined ? ` data-trace-id="${escapeAttr(o.traceId)}"` : '') +
    Object.entries(o.data ?? {})
      .filter(([name]) => /^[a-z][a-z-]*$/.test(name))
      .map(([name, value]) => ` data-${name}="${escapeAttr(value)}"`)
      .join('');
  const style = o.styleUri ? `\n    <link rel="stylesheet" href="${escapeAttr(o.styleUri)}" nonce="${nonce}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">${style}
    <title>${escapeAttr(o.title)}</title>
  </head>
  <body data-view="${o.view}"${traceAttr}>
    <script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
  </body>
</html>`;
}
