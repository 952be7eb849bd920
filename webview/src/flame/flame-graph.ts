// The trace timeline: spans as bars on one time axis, drawn on a canvas so a 10,000-span trace
// stays fluid. Only bars inside the visible window are visited (rows are time-ordered, so each
// row is a binary search plus a scan), bars under a pixel are merged per pixel column, and every
// change is coalesced into one requestAnimationFrame redraw. d3 provides the scales and the
// wheel/drag zoom; text only ever reaches the DOM through textContent.
import { scaleLinear, select, zoom, zoomIdentity, type D3ZoomEvent, type ScaleLinear, type ZoomTransform } from 'd3';
import { AXIS_HEIGHT, BAR_HEIGHT, LABEL_PAD_PX, MIN_BAR_PX, MIN_LABEL_PX, ROW_HEIGHT, barTop, contentHeight, rowAt } from './geometry';
import { firstBarEndingAfter, layoutSpans, type FlameBar, type FlameLayout } from './layout';
import { CLASS_COLORS, CLASS_INK, CLASS_LABELS } from './colors';
import { readTheme, type Theme } from './theme';
import { axisTicks, formatDuration } from './time-format';
import type { FlameGraphHandle, FlameGraphOptions, FlameSpan } from './types';

export type { FlameGraphHandle, FlameGraphOptions, FlameSpan } from './types';

const ZOOM_STEP = 1.6;
/** Deepest zoom: one pixel is never less than this many ns. */
const MIN_NS_PER_PX = 1;
const ERROR_STRIPE_PX = 3;
const ICON_PX = 12;
const FONT_PX = 12;

interface Geometry {
  width: number;
  height: number;
  dpr: number;
}

export function createFlameGraph(container: HTMLElement, opts: FlameGraphOptions): FlameGraphHandle {
  const doc = container.ownerDocument;
  const win = doc.defaultView ?? window;

  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.style.overflow = 'hidden';
  container.style.minHeight = container.style.minHeight || '120px';
  container.tabIndex = 0;
  container.setAttribute('role', 'application');
  container.setAttribute('aria-roledescription', 'trace timeline');
  container.style.outline = 'none';

  const canvas = doc.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, { position: 'absolute', inset: '0', display: 'block', width: '100%', height: '100%', cursor: 'default' });

  const tooltip = doc.createElement('div');
  tooltip.setAttribute('role', 'tooltip');
  tooltip.className = 'flame-tooltip';
  Object.assign(tooltip.style, {
    position: 'absolute',
    display: 'none',
    pointerEvents: 'none',
    zIndex: '10',
    maxWidth: '440px',
    padding: '6px 8px',
    borderRadius: '4px',
    font: `${FONT_PX}px var(--vscode-font-family, system-ui, sans-serif)`,
    lineHeight: '1.45',
    color: 'var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground, #cccccc))',
    background: 'var(--vscode-editorHoverWidget-background, #252526)',
    border: '1px solid var(--vscode-editorHoverWidget-border, #454545)',
    boxShadow: '0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,0.36))',
    overflowWrap: 'anywhere',
  });

  // Screen readers get the selection as text; the canvas itself is hidden from them.
  const live = doc.createElement('div');
  live.setAttribute('aria-live', 'polite');
  live.className = 'flame-live';
  Object.assign(live.style, {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  });

  container.append(canvas, tooltip, live);
  const ctx = canvas.getContext('2d')!;

  let layout: FlameLayout = layoutSpans([]);
  let timeOrder: number[] = [];
  let theme: Theme = readTheme(container);
  const geo: Geometry = { width: 0, height: 0, dpr: 1 };
  const base: ScaleLinear<number, number> = scaleLinear();
  let transform: ZoomTransform = zoomIdentity;
  let scrollY = 0;
  let selected = -1;
  let hovered = -1;
  let frame = 0;
  let disposed = false;
  /** A viewport asked for before the container had a size. */
  let pendingViewport: [number, number] | null = null;
  /** Set while the graph moves the view itself for the host (setViewport): not reported back. */
  let quiet = false;
  const textWidths = new Map<string, number>();

  const zoomBehavior = zoom<HTMLCanvasElement, unknown>()
    .filter((event: Event) => {
      if (event.type === 'wheel') return !(event as WheelEvent).shiftKey;
      const m = event as MouseEvent;
      return !m.ctrlKey && !m.button;
    })
    .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      const prev = transform;
      transform = event.transform;
      const source = event.sourceEvent as Event | null;
      // A drag also moves the rows vertically; the transform's y otherwise means nothing here.
      if (source && source.type !== 'wheel' && prev.k === transform.k) scrollBy(prev.y - transform.y);
      hideTooltip();
      if (!quiet) {
        const [s, e] = viewDomain();
        opts.onViewport?.(s, e);
      }
      requestDraw();
    });
  const canvasSel = select(canvas);
  canvasSel.call(zoomBehavior).on('dblclick.zoom', null);

  function viewScale(): ScaleLinear<number, number> {
    return transform.rescaleX(base);
  }

  function viewDomain(): [number, number] {
    const [s, e] = viewScale().domain() as [number, number];
    return [s, e];
  }

  function fullDomain(): [number, number] {
    const s = layout.startNs;
    return [s, Math.max(layout.endNs, s + 1)];
  }

  function configureZoom(): void {
    const [s, e] = fullDomain();
    base.domain([s, e]).range([0, Math.max(geo.width, 1)]);
    const maxK = Math.max(1, (e - s) / (MIN_NS_PER_PX * Math.max(geo.width, 1)));
    zoomBehavior
      .extent([
        [0, 0],
        [Math.max(geo.width, 1), Math.max(geo.height, 1)],
      ])
      .scaleExtent([1, maxK])
      .translateExtent([
        [0, -1e9],
        [Math.max(geo.width, 1), 1e9],
      ]);
  }

  function applyViewport(startNs: number, endNs: number, report: boolean): void {
    if (geo.width <= 0) {
      pendingViewport = [startNs, endNs];
      return;
    }
    const [fs, fe] = fullDomain();
    const s = Math.max(fs, Math.min(startNs, endNs));
    const e = Math.min(fe, Math.max(startNs, endNs));
    const span = Math.max(e - s, MIN_NS_PER_PX);
    const k = (fe - fs) / span;
    const t = zoomIdentity.translate(-base(s) * k, transform.y).scale(k);
    quiet = !report;
    try {
      zoomBehavior.transform(canvasSel, t);
    } finally {
      quiet = false;
    }
  }

  function maxScroll(): number {
    return Math.max(0, contentHeight(layout.rows.length) - geo.height);
  }

  function scrollBy(dy: number): void {
    const next = Math.max(0, Math.min(maxScroll(), scrollY + dy));
    if (next !== scrollY) {
      scrollY = next;
      hideTooltip();
      requestDraw();
    }
  }

  function requestDraw(): void {
    if (frame !== 0 || disposed) return;
    frame = win.requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  }

  // ---- drawing ------------------------------------------------------------------------------

  function measure(text: string): number {
    let w = textWidths.get(text);
    if (w === undefined) {
      if (textWidths.size > 20000) textWidths.clear();
      w = ctx.measureText(text).width;
      textWidths.set(text, w);
    }
    return w;
  }

  /** The longest prefix of text, with an ellipsis, that fits in maxWidth ('' if none does). */
  function fit(text: string, maxWidth: number): string {
    if (maxWidth <= 0) return '';
    if (measure(text) <= maxWidth) return text;
    let lo = 0;
    let hi = text.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (measure(text.slice(0, mid) + '…') <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    return lo === 0 ? '' : text.slice(0, lo) + '…';
  }

  function drawAxis(v0: number, v1: number): void {
    const { width, height } = geo;
    const ticks = axisTicks(v0, v1, width / 110);
    const px = width / (v1 - v0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, AXIS_HEIGHT);
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const tick of ticks) {
      const x = Math.round((tick.ns - v0) * px) + 0.5;
      ctx.moveTo(x, AXIS_HEIGHT - 6);
      ctx.lineTo(x, height);
    }
    ctx.moveTo(0, AXIS_HEIGHT - 0.5);
    ctx.lineTo(width, AXIS_HEIGHT - 0.5);
    ctx.stroke();
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'middle';
    for (const tick of ticks) {
      const x = Math.round((tick.ns - v0) * px);
      if (x + 4 + measure(tick.label) > width) continue;
      ctx.fillText(tick.label, x + 4, (AXIS_HEIGHT - 4) / 2);
    }
  }

  function drawBar(bar: FlameBar, x0: number, x1: number, y: number): void {
    const { width } = geo;
    // Clamp far-off edges: canvas coordinates in the millions lose precision.
    const left = Math.max(x0, -4);
    // A one-pixel gap keeps back-to-back siblings apart.
    const right = Math.min(x1 - 3 > x0 ? x1 - 1 : x1, width + 4);
    const w = right - left;
    const color = CLASS_COLORS[bar.span.spanClass] ?? CLASS_COLORS.other;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.roundRect(left, y, w, BAR_HEIGHT, w > 6 ? 2 : 0);
    ctx.fill();
    if (bar.index === hovered) {
      ctx.fillStyle = 'rgba(255,255,255,0.22)';
      ctx.fill();
    }
    if (theme.highContrast) {
      ctx.strokeStyle = theme.border;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    let textLeft = Math.max(left, 0) + LABEL_PAD_PX;
    if (bar.span.error) {
      ctx.fillStyle = theme.error;
      ctx.fillRect(left, y, Math.min(ERROR_STRIPE_PX, w), BAR_HEIGHT);
      if (w > 4) {
        ctx.strokeStyle = theme.error;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.roundRect(left + 0.75, y + 0.75, w - 1.5, BAR_HEIGHT - 1.5, 2);
        ctx.stroke();
      }
      if (w >= MIN_LABEL_PX + ICON_PX) {
        const cx = textLeft + ICON_PX / 2 - 1;
        const cy = y + BAR_HEIGHT / 2;
        ctx.fillStyle = theme.error;
        ctx.beginPath();
        ctx.arc(cx, cy, ICON_PX / 2, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = '#ffffff';
        ctx.textAlign = 'center';
        ctx.fillText('!', cx, cy + 0.5);
        ctx.textAlign = 'left';
        textLeft += ICON_PX + 3;
      }
    }
    const room = Math.min(right, width) - LABEL_PAD_PX - textLeft;
    if (w < MIN_LABEL_PX || room <= 0) return;
    const ink = CLASS_INK[bar.span.spanClass] ?? CLASS_INK.other;
    const name = fit(bar.span.name, room);
    if (name === '') return;
    ctx.fillStyle = ink;
    ctx.fillText(name, textLeft, y + BAR_HEIGHT / 2 + 0.5);
    const detail = bar.span.detail;
    if (detail && name === bar.span.name) {
      const gap = 8;
      const used = measure(name) + gap;
      const rest = fit(detail, room - used);
      if (rest !== '') {
        ctx.globalAlpha = 0.72;
        ctx.fillText(rest, textLeft + used, y + BAR_HEIGHT / 2 + 0.5);
        ctx.globalAlpha = 1;
      }
    }
  }

  function drawSelection(v0: number, px: number): void {
    if (selected < 0) return;
    const bar = layout.bars[selected]!;
    const y = barTop(bar.row, scrollY);
    if (y + BAR_HEIGHT < AXIS_HEIGHT || y > geo.height) return;
    const x0 = Math.max((bar.startNs - v0) * px, -4);
    const x1 = Math.min(Math.max((bar.endNs - v0) * px, x0 + MIN_BAR_PX), geo.width + 4);
    if (x1 < -2 || x0 > geo.width + 2) return;
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.roundRect(x0 - 1.5, y - 1.5, x1 - x0 + 3, BAR_HEIGHT + 3, 3);
    ctx.stroke();
  }

  function draw(): void {
    const { width, height, dpr } = geo;
    if (width <= 0 || height <= 0) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.font = `${FONT_PX}px ${theme.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';

    if (layout.bars.length === 0) {
      ctx.fillStyle = theme.muted;
      ctx.textAlign = 'center';
      ctx.fillText('No spans in this trace yet', width / 2, height / 2);
      ctx.textAlign = 'left';
      return;
    }
    const [v0, v1] = viewDomain();
    const px = width / (v1 - v0);
    drawAxis(v0, v1);

    ctx.save();
    ctx.beginPath();
    ctx.rect(0, AXIS_HEIGHT, width, height - AXIS_HEIGHT);
    ctx.clip();
    const firstRow = Math.max(0, rowAt(AXIS_HEIGHT, scrollY));
    const lastRow = Math.min(layout.rows.length - 1, rowAt(height, scrollY));
    const nsPerPx = 1 / px;
    for (let r = firstRow; r <= lastRow; r++) {
      const row = layout.rows[r]!;
      const y = barTop(r, scrollY);
      let i = firstBarEndingAfter(layout, row, v0);
      while (i < row.length) {
        const bar = layout.bars[row[i]!]!;
        if (bar.startNs > v1) break;
        const x0 = (bar.startNs - v0) * px;
        const x1 = (bar.endNs - v0) * px;
        if (x1 - x0 >= MIN_BAR_PX) {
          drawBar(bar, x0, x1, y);
          i++;
          continue;
        }
        // Sub-pixel: one MIN_BAR_PX mark for this pixel column, then skip every bar ending in it.
        const col = Math.floor(x0);
        ctx.fillStyle = bar.span.error ? theme.error : CLASS_COLORS[bar.span.spanClass] ?? CLASS_COLORS.other;
        ctx.fillRect(col, y, MIN_BAR_PX, BAR_HEIGHT);
        const next = firstBarEndingAfter(layout, row, v0 + (col + 1) * nsPerPx);
        i = Math.max(i + 1, next);
      }
    }
    drawSelection(v0, px);
    ctx.restore();

    const max = maxScroll();
    if (max > 0) {
      const track = height - AXIS_HEIGHT;
      const thumb = Math.max(24, (track * track) / (track + max));
      const top = AXIS_HEIGHT + ((track - thumb) * scrollY) / max;
      ctx.fillStyle = theme.muted;
      ctx.globalAlpha = 0.4;
      ctx.fillRect(width - 5, top, 4, thumb);
      ctx.globalAlpha = 1;
    }
  }

  // ---- hit testing, tooltip, selection ------------------------------------------------------

  function barAt(x: number, y: number): number {
    if (y < AXIS_HEIGHT || layout.bars.length === 0) return -1;
    const r = rowAt(y, scrollY);
    const row = layout.rows[r];
    if (!row) return -1;
    const top = barTop(r, scrollY);
    if (y < top - 1 || y > top + BAR_HEIGHT + 1) return -1;
    const scale = viewScale();
    const t = scale.invert(x);
    const tol = Math.abs(scale.invert(x + 3) - t);
    let best = -1;
    let bestDist = Infinity;
    for (let i = firstBarEndingAfter(layout, row, t - tol); i < row.length; i++) {
      const bar = layout.bars[row[i]!]!;
      if (bar.startNs > t + tol) break;
      const dist = t < bar.startNs ? bar.startNs - t : t > bar.endNs ? t - bar.endNs : 0;
      if (dist < bestDist) {
        bestDist = dist;
        best = bar.index;
      }
    }
    return best;
  }

  function hideTooltip(): void {
    tooltip.style.display = 'none';
    if (hovered !== -1) {
      hovered = -1;
      requestDraw();
    }
  }

  function line(text: string, opts2: { strong?: boolean; color?: string } = {}): HTMLDivElement {
    const div = doc.createElement('div');
    div.textContent = text;
    if (opts2.strong) div.style.fontWeight = '600';
    if (opts2.color) div.style.color = opts2.color;
    return div;
  }

  function showTooltip(index: number, x: number, y: number): void {
    const s = layout.bars[index]!.span;
    const parts: HTMLElement[] = [line(s.name, { strong: true })];
    const what = doc.createElement('div');
    const swatch = doc.createElement('span');
    Object.assign(swatch.style, {
      display: 'inline-block',
      width: '8px',
      height: '8px',
      borderRadius: '2px',
      marginRight: '6px',
      background: CLASS_COLORS[s.spanClass] ?? CLASS_COLORS.other,
    });
    what.append(swatch, doc.createTextNode(`${CLASS_LABELS[s.spanClass] ?? s.spanClass} · ${s.service}`));
    parts.push(what);
    parts.push(line(`duration ${formatDuration(s.endNs - s.startNs)} · starts at +${formatDuration(s.startNs - layout.startNs)}`));
    if (s.detail) parts.push(line(s.detail));
    if (s.error) parts.push(line('error', { strong: true, color: theme.error }));
    tooltip.replaceChildren(...parts);
    tooltip.style.display = 'block';
    const cw = container.clientWidth;
    const ch = container.clientHeight;
    const tw = tooltip.offsetWidth;
    const th = tooltip.offsetHeight;
    const left = x + 14 + tw > cw ? Math.max(0, x - 14 - tw) : x + 14;
    const top = y + 16 + th > ch ? Math.max(0, y - 12 - th) : y + 16;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${top}px`;
  }

  function describe(index: number): string {
    const bar = layout.bars[index]!;
    const s = bar.span;
    const siblings = bar.parent === -1 ? layout.roots : layout.bars[bar.parent]!.children;
    const pos = siblings.indexOf(index) + 1;
    return (
      `${s.name}, ${CLASS_LABELS[s.spanClass] ?? s.spanClass} span of ${s.service}, ` +
      `${formatDuration(s.endNs - s.startNs)}, starts at +${formatDuration(s.startNs - layout.startNs)}` +
      `${s.error ? ', error' : ''}${s.detail ? `, ${s.detail}` : ''}; depth ${bar.depth}, ${pos} of ${siblings.length}, ` +
      `${bar.children.length} children`
    );
  }

  function ensureVisible(index: number): void {
    const bar = layout.bars[index]!;
    const rowTop = bar.row * ROW_HEIGHT;
    const visibleRows = geo.height - AXIS_HEIGHT;
    if (rowTop < scrollY) scrollY = rowTop;
    else if (rowTop + ROW_HEIGHT > scrollY + visibleRows) scrollY = Math.min(maxScroll(), rowTop + ROW_HEIGHT - visibleRows);
    const [v0, v1] = viewDomain();
    const span = v1 - v0;
    if (bar.startNs >= v0 && bar.endNs <= v1) return;
    const dur = bar.endNs - bar.startNs;
    const start = dur < span ? bar.startNs + dur / 2 - span / 2 : bar.startNs - span * 0.05;
    applyViewport(start, start + span, true);
  }

  function setSelected(index: number, notify: boolean): void {
    const changed = index !== selected;
    selected = index;
    if (index >= 0) {
      ensureVisible(index);
      live.textContent = `Selected ${describe(index)}`;
    } else if (changed) {
      live.textContent = 'Selection cleared';
    }
    requestDraw();
    if (notify) opts.onSelect(index >= 0 ? layout.bars[index]!.span.id : null);
  }

  function zoomBy(factor: number): void {
    const [v0, v1] = viewDomain();
    const centre = selected >= 0 ? (layout.bars[selected]!.startNs + layout.bars[selected]!.endNs) / 2 : (v0 + v1) / 2;
    const half = (v1 - v0) / factor / 2;
    const c = Math.min(Math.max(centre, v0), v1);
    applyViewport(c - half, c + half, true);
  }

  function zoomToBar(index: number): void {
    const bar = layout.bars[index]!;
    const pad = Math.max((bar.endNs - bar.startNs) * 0.05, MIN_NS_PER_PX * 20);
    applyViewport(bar.startNs - pad, bar.endNs + pad, true);
  }

  // ---- input ---------------------------------------------------------------------------------

  function pointer(e: MouseEvent): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  const onMove = (e: MouseEvent): void => {
    if (e.buttons !== 0) {
      hideTooltip();
      return;
    }
    const [x, y] = pointer(e);
    const index = barAt(x, y);
    if (index !== hovered) {
      hovered = index;
      canvas.style.cursor = index >= 0 ? 'pointer' : 'default';
      requestDraw();
    }
    if (index >= 0) showTooltip(index, x, y);
    else tooltip.style.display = 'none';
  };

  const onClick = (e: MouseEvent): void => {
    const [x, y] = pointer(e);
    container.focus({ preventScroll: true });
    setSelected(barAt(x, y), true);
  };

  const onDblClick = (e: MouseEvent): void => {
    const [x, y] = pointer(e);
    const index = barAt(x, y);
    if (index >= 0) zoomToBar(index);
  };

  const onWheel = (e: WheelEvent): void => {
    // Plain wheel zooms (d3-zoom); shift+wheel scrolls the rows.
    if (!e.shiftKey) return;
    e.preventDefault();
    scrollBy(e.deltaY || e.deltaX);
  };

  function neighbour(index: number, step: 1 | -1): number {
    const bar = layout.bars[index]!;
    const siblings = bar.parent === -1 ? layout.roots : layout.bars[bar.parent]!.children;
    const sib = siblings[siblings.indexOf(index) + step];
    if (sib !== undefined) return sib;
    const t = timeOrder[timeOrder.indexOf(index) + step];
    return t ?? index;
  }

  const onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || layout.bars.length === 0) return;
    const first = layout.roots[0] ?? -1;
    const cur = selected;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        setSelected(cur < 0 ? first : (layout.bars[cur]!.children[0] ?? cur), true);
        break;
      case 'ArrowUp':
        setSelected(cur < 0 ? first : layout.bars[cur]!.parent === -1 ? cur : layout.bars[cur]!.parent, true);
        break;
      case 'ArrowRight':
        setSelected(cur < 0 ? first : neighbour(cur, 1), true);
        break;
      case 'ArrowLeft':
        setSelected(cur < 0 ? first : neighbour(cur, -1), true);
        break;
      case 'Enter':
      case ' ':
        setSelected(cur < 0 ? (hovered >= 0 ? hovered : first) : cur, true);
        break;
      case 'Escape':
        setSelected(-1, true);
        break;
      case 'Home':
        setSelected(timeOrder[0] ?? -1, true);
        break;
      case 'End':
        setSelected(timeOrder[timeOrder.length - 1] ?? -1, true);
        break;
      case '+':
      case '=':
        zoomBy(ZOOM_STEP);
        break;
      case '-':
      case '_':
        zoomBy(1 / ZOOM_STEP);
        break;
      case '0':
        applyViewport(...fullDomain(), true);
        break;
      case 'PageDown':
        scrollBy(geo.height - AXIS_HEIGHT - ROW_HEIGHT);
        break;
      case 'PageUp':
        scrollBy(-(geo.height - AXIS_HEIGHT - ROW_HEIGHT));
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const onFocus = (): void => {
    container.style.outline = `1px solid ${theme.focus}`;
    container.style.outlineOffset = '-1px';
  };
  const onBlur = (): void => {
    container.style.outline = 'none';
  };

  canvas.addEventListener('mousemove', onMove);
  canvas.addEventListener('mouseleave', hideTooltip);
  canvas.addEventListener('click', onClick);
  canvas.addEventListener('dblclick', onDblClick);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  container.addEventListener('keydown', onKey);
  container.addEventListener('focus', onFocus);
  container.addEventListener('blur', onBlur);

  function resize(): void {
    const rect = container.getBoundingClientRect();
    const width = Math.floor(rect.width);
    const height = Math.floor(rect.height);
    const dpr = win.devicePixelRatio || 1;
    if (width === geo.width && height === geo.height && dpr === geo.dpr) return;
    const keep = geo.width > 0 ? viewDomain() : pendingViewport;
    geo.width = width;
    geo.height = height;
    geo.dpr = dpr;
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    configureZoom();
    pendingViewport = null;
    if (keep) applyViewport(keep[0], keep[1], false);
    scrollY = Math.min(scrollY, maxScroll());
    requestDraw();
  }

  const resizeObserver = new ResizeObserver(resize);
  resizeObserver.observe(container);
  // VS Code switches theme by changing the body's class and the --vscode-* variables.
  const themeObserver = new MutationObserver(() => {
    theme = readTheme(container);
    textWidths.clear();
    requestDraw();
  });
  themeObserver.observe(doc.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
  resize();

  function updateLabel(): void {
    container.setAttribute(
      'aria-label',
      `Trace timeline, ${layout.bars.length} spans in ${layout.rows.length} rows. ` +
        'Arrow keys move between spans (up: parent, down: first child, left and right: siblings), ' +
        'Enter selects, plus and minus zoom, 0 resets the zoom, Home and End go to the first and last span.',
    );
  }
  updateLabel();

  return {
    contentHeight: () => contentHeight(layout.rows.length),
    setSpans(spans: FlameSpan[]): void {
      const selectedId = selected >= 0 ? layout.bars[selected]!.span.id : undefined;
      const zoomed = transform.k > 1.000001;
      const keep = zoomed ? viewDomain() : null;
      layout = layoutSpans(spans);
      timeOrder = layout.bars.map((b) => b.index).sort((a, b) => layout.bars[a]!.startNs - layout.bars[b]!.startNs || a - b);
      selected = selectedId === undefined ? -1 : (layout.byId.get(selectedId) ?? -1);
      hovered = -1;
      tooltip.style.display = 'none';
      theme = readTheme(container);
      configureZoom();
      // A growing live trace keeps the user's zoom; an unzoomed view follows the trace's extent.
      if (keep) applyViewport(keep[0], keep[1], false);
      else applyViewport(...fullDomain(), false);
      scrollY = Math.min(scrollY, maxScroll());
      updateLabel();
      requestDraw();
    },
    select(spanId: string | null): void {
      const index = spanId === null ? -1 : (layout.byId.get(spanId) ?? -1);
      setSelected(index, false);
    },
    setViewport(startNs: number, endNs: number): void {
      applyViewport(startNs, endNs, false);
    },
    dispose(): void {
      disposed = true;
      if (frame !== 0) win.cancelAnimationFrame(frame);
      resizeObserver.disconnect();
      themeObserver.disconnect();
      canvasSel.on('.zoom', null);
      canvas.removeEventListener('mousemove', onMove);
      canvas.removeEventListener('mouseleave', hideTooltip);
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('dblclick', onDblClick);
      canvas.removeEventListener('wheel', onWheel);
      container.removeEventListener('keydown', onKey);
      container.removeEventListener('focus', onFocus);
      container.removeEventListener('blur', onBlur);
      canvas.remove();
      tooltip.remove();
      live.remove();
    },
  };
}
