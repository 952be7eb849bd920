// What a view needs from whoever hosts it: the extension (postMessage) or the receiver's
// browser page (browser-host.ts). Views only see this interface.
import type { HostToWebview, PersistedViewState, WebviewToHost } from './protocol';

export interface Host {
  post(msg: WebviewToHost): void;
  onMessage(handler: (msg: HostToWebview) => void): void;
  getState(): PersistedViewState | undefined;
  setState(state: PersistedViewState): void;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Injected by VS Code into webviews; absent in a plain browser page.
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

export function vscodeHost(): Host | null {
  if (typeof globalThis.acquireVsCodeApi !== 'function') return null;
  const api = globalThis.acquireVsCodeApi();
  return {
    post: (msg) => api.postMessage(msg),
    onMessage: (handler) => window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data)),
    getState: () => (api.getState() as PersistedViewState | undefined) ?? undefined,
    setState: (state) => api.setState(state),
  };
}
