// Brings the trace, comparison, cost and GPU panels back after a window reload or an extension
// host restart, showing what they showed, through the same code path as opening them fresh.
import * as vscode from 'vscode';
import type { CompareService } from './compare-service';
import type { FeaturePanels, PanelSpec } from './feature-panels';
import { FEATURE_PANEL, TRACE_PANEL } from './ids';
import { restoredPanel } from './panel-state';
import type { TracePanels } from './views';

export interface RestoreTargets {
  traces: TracePanels;
  features: FeaturePanels;
  compare: CompareService;
  /** The cost dashboard's or the GPU panel's spec, as its command opens it. */
  viewPanel(view: 'cost' | 'gpu'): PanelSpec;
  log(line: string): void;
}

export function registerPanelSerializers(t: RestoreTargets): vscode.Disposable[] {
  return [TRACE_PANEL, ...Object.values(FEATURE_PANEL)].map((viewType) =>
    vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        const r = restoredPanel(viewType, state);
        if (!r) {
          t.log(`closed a restored ${viewType} panel: its saved state names nothing to show`);
          panel.dispose();
        } else if (r.view === 'trace') t.traces.restore(panel, r.traceId);
        else if (r.view === 'compare') t.features.restore(panel, r.compare === 'calls' ? t.compare.callsPanel(r.left, r.right) : t.compare.tracesPanel(r.left, r.right));
        else t.features.restore(panel, t.viewPanel(r.view));
        return Promise.resolve();
      },
    }),
  );
}
