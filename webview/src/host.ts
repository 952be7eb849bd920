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
  // The saved state is all VS Code hands back when it restores a panel after a window reload, so
  // it always carries what the panel shows (the shell's data attributes), whatever a view saves.
  const shell: Record<string, string> = {};
  for (const [name, value] of Object.entries(document.body.dataset)) if (value !== undefined) shell[name] = value;
  const getState = (): PersistedViewState | undefined => (api.getState() as PersistedViewState | undefined) ?? undefined;
  const setState = (state: PersistedViewState): void => api.setState({ ...state, shell });
  setState(getState() ?? {});
  return {
    post: (msg) => api.postMessage(msg),
    onMessage: (handler) => window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data)),
    getState,
    setState,
  };
}
