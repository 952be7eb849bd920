// What the dashboard charts share: redraw on width changes, a tooltip of text lines, the series
// palette and axis styling hooks. Charts are SVG built with d3 selections (text via textContent).
import { schemeTableau10 } from 'd3';
import { el } from '../dom';
import './dashboard.css';

/** Series colours: Tableau 10 reads on light and dark backgrounds alike. */
export const SERIES_COLORS: readonly string[] = schemeTableau10;

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!;
}

/**
 * Calls draw(width) now and whenever the box's width changes (panel resized, sidebar moved);
 * returns a function that stops watching.
 */
export function onWidth(box: HTMLElement, draw: (width: number) => void): () => void {
  let last = -1;
  const run = (): void => {
    const w = Math.floor(box.clientWidth);
    if (w === last || w <= 0) return;
    last = w;
    draw(w);
  };
  const ro = new ResizeObserver(run);
  ro.observe(box);
  // Drawn at once when the box is already in the page: a redraw never shows an empty frame.
  if (box.isConnected) run();
  else requestAnimationFrame(run);
  return () => ro.disconnect();
}

export interface Tooltip {
  /** Shows the lines (first one bold) next to the pointer, inside the viewport. */
  show(ev: MouseEvent, lines: readonly string[]): void;
  hide(): void;
}

let shared: { node: HTMLElement; tip: Tooltip } | null = null;

/** One tooltip per page, on the body, so no chart's overflow clips it. */
export function tooltip(): Tooltip {
  if (shared?.node.isConnected) return shared.tip;
  const node = el('div', { class: 'chart-tooltip', attrs: { role: 'tooltip' } });
  node.hidden = true;
  document.body.append(node);
  const tip: Tooltip = {
    show(ev, lines) {
      node.replaceChildren(...lines.map((l, i) => el('div', { class: i === 0 ? 'tip-title' : 'tip-line', text: l })));
      node.hidden = false;
      const pad = 12;
      const r = node.getBoundingClientRect();
      const x = ev.clientX + pad + r.width > innerWidth ? ev.clientX - pad - r.width : ev.clientX + pad;
      const y = ev.clientY + pad + r.height > innerHeight ? ev.clientY - pad - r.height : ev.clientY + pad;
      node.style.left = `${Math.max(0, x)}px`;
      node.style.top = `${Math.max(0, y)}px`;
    },
    hide() {
      node.hidden = true;
    },
  };
  shared = { node, tip };
  return tip;
}
