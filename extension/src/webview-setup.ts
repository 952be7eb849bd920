// Options and HTML for a webview: scripts on, resources from dist/webview only.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ViewKind } from '../../webview/src/protocol';
import { webviewShell } from './webview-html';

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function setWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  view: ViewKind,
  title: string,
  traceId?: string,
  data?: Record<string, string>,
): void {
  const root = webviewRoot(extensionUri);
  const css = vscode.Uri.joinPath(root, 'webview.css');
  webview.html = webviewShell({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.js')).toString(),
    // The bundle has a stylesheet only once the views import CSS.
    ...(existsSync(css.fsPath) ? { styleUri: webview.asWebviewUri(css).toString() } : {}),
    view,
    title,
    ...(traceId !== undefined ? { traceId } : {}),
    ...(data ? { data } : {}),
  });
}
