// Every id the manifest (package.json "contributes") and the code share, in one place; a test
// checks the manifest against these.

export const VIEW_CONTAINER = 'llmTraceLens';
export const TRACES_VIEW = 'llmTraceLens.traces';
export const WARNINGS_VIEW = 'llmTraceLens.warnings';
export const TRACE_PANEL = 'llmTraceLens.trace';
/** Webview panel types of the comparison, the cost dashboard and the GPU panel. */
export const FEATURE_PANEL = { compare: 'llmTraceLens.compare', cost: 'llmTraceLens.cost', gpu: 'llmTraceLens.gpu' } as const;
/** Languages whose files get CodeLens and hovers at LLM call sites. */
export const CALL_SITE_LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'] as const;
export const OUTPUT_NAME = 'LLM Trace Lens';

export const COMMANDS = {
  showTraces: 'llmTraceLens.showTraces',
  openTrace: 'llmTraceLens.openTrace',
  clearAll: 'llmTraceLens.clearAll',
  copyEndpoint: 'llmTraceLens.copyEndpoint',
  copyEnvironmentSnippet: 'llmTraceLens.copyEnvironmentSnippet',
  startReceiver: 'llmTraceLens.startReceiver',
  stopReceiver: 'llmTraceLens.stopReceiver',
  restartReceiver: 'llmTraceLens.restartReceiver',
  pickPort: 'llmTraceLens.pickPort',
  importFile: 'llmTraceLens.importFile',
  exportTrace: 'llmTraceLens.exportTrace',
  showOutput: 'llmTraceLens.showOutput',
  showCostDashboard: 'llmTraceLens.showCostDashboard',
  showGpu: 'llmTraceLens.showGpu',
  showWarnings: 'llmTraceLens.showWarnings',
  compareWithPrevious: 'llmTraceLens.compareWithPrevious',
  goToSource: 'llmTraceLens.goToSource',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A trace id as typed or pasted (case and surrounding space ignored), or null. */
export function normaliseTraceId(text: string): string | null {
  const id = text.trim().toLowerCase();
  return TRACE_ID.test(id) && !/^0+$/.test(id) ? id : null;
}
