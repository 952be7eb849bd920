// Which warnings become VS Code notifications, how often, what a warning opens, and how a
// warning reads in the Warnings tree. Pure: the notifier and the tree view do the vscode part.
import type { Severity, Warning, WarningChange } from '../../receiver/src/contract/warnings';

export type NotificationMode = 'all' | 'errors' | 'off';
export const NOTIFICATION_MODES: readonly NotificationMode[] = ['all', 'errors', 'off'];
export const NOTICE_INTERVAL_MS = 10_000;

/** Newly raised warnings that the mode lets through (updates and clears never notify). */
export function warningsToNotify(changes: readonly WarningChange[], mode: NotificationMode): Warning[] {
  if (mode === 'off') return [];
  return changes.filter((c) => c.change === 'raised' && c.warning.active && (mode === 'all' || c.warning.severity === 'error')).map((c) => c.warning);
}

export type Notice = { kind: 'warning'; warning: Warning } | { kind: 'more'; count: number; worst: Warning };

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * At most one notification per interval: the first warning shows at once, those raised in the
 * following interval are collapsed into one "N more warnings" notice when it ends.
 */
export class NoticeLimiter {
  private lastMs = Number.NEGATIVE_INFINITY;
  private readonly pending = new Map<string, Warning>();

  constructor(private readonly intervalMs = NOTICE_INTERVAL_MS) {}

  /** Queues the warnings; returns the notice to show now, if the interval allows one. */
  offer(warnings: readonly Warning[], nowMs: number): Notice | null {
    for (const w of warnings) this.pending.set(w.id, w);
    return this.take(nowMs);
  }

  /** A warning that cleared before its notice was shown is not worth one. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.pending.delete(id);
  }

  /** When the queued warnings may be shown (call take() then), or null when none wait. */
  dueAt(): number | null {
    return this.pending.size ? this.lastMs + this.intervalMs : null;
  }

  take(nowMs: number): Notice | null {
    if (!this.pending.size || nowMs - this.lastMs < this.intervalMs) return null;
    const list = [...this.pending.values()];
    this.pending.clear();
    this.lastMs = nowMs;
    if (list.length === 1) return { kind: 'warning', warning: list[0]! };
    const worst = list.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] || (RANK[b.severity] === RANK[a.severity] && b.lastMs > a.lastMs) ? b : a));
    return { kind: 'more', count: list.length, worst };
  }
}

/** The text of a notice, for showWarningMessage / showErrorMessage. */
export function noticeText(n: Notice): { severity: Severity; text: string } {
  if (n.kind === 'warning') return { severity: n.warning.severity, text: `LLM Trace Lens: ${n.warning.message}` };
  return { severity: n.worst.severity, text: `LLM Trace Lens: ${n.count} more warnings, e.g. ${n.worst.message}` };
}

/** What "Show" on a warning opens: the call's span, the GPU panel, or the cost dashboard. */
export type WarningTarget = { kind: 'trace'; traceId: string; spanId: string } | { kind: 'gpu' } | { kind: 'cost' };

export function warningTarget(w: Warning): WarningTarget {
  switch (w.subject.kind) {
    case 'calls':
      return { kind: 'trace', traceId: w.subject.traceId, spanId: w.subject.spanId };
    case 'gpu':
      return { kind: 'gpu' };
    case 'window':
    case 'session':
      return { kind: 'cost' };
  }
}

function amount(v: number, unit: string): string {
  const n = Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  if (unit === 'USD') return `$${n}`;
  if (unit === '%' || unit === '°C') return `${n}${unit}`;
  return unit ? `${n} ${unit}` : n;
}

export interface WarningItemText {
  label: string;
  description: string;
  tooltip: string;
  /** Codicon id. */
  icon: 'error' | 'warning' | 'info';
}

export function warningItemText(w: Warning): WarningItemText {
  const time = (ms: number): string => new Date(ms).toLocaleTimeString();
  const description = w.rule === 'call-error' ? 'error status' : `${amount(w.value, w.unit)} vs ${amount(w.threshold, w.unit)}`;
  const subject =
    w.subject.kind === 'calls'
      ? `${w.subject.operation} ${w.subject.model} (${w.subject.service})`
      : w.subject.kind === 'gpu'
        ? `GPU ${w.subject.device}`
        : w.subject.kind === 'window'
          ? `recent calls${w.subject.service ? ` of ${w.subject.service}` : ''}`
          : 'this receiver session';
  const tooltip = [
    `${w.severity}: ${w.message}`,
    `rule ${w.rule}, ${subject}`,
    `first ${time(w.firstMs)}, last ${time(w.lastMs)}, seen ${w.count} ${w.count === 1 ? 'time' : 'times'}`,
  ].join('\n');
  return { label: w.message, description, tooltip, icon: w.severity };
}
