// A fixed-row-height virtual list: only the rows in view (plus a small margin) exist in the
// DOM, so 20,000 traces scroll as smoothly as 20. Rows are positioned by CSSOM transforms,
// which a strict CSP (no inline style attributes) allows.
import { clear, el } from '../dom';

export interface VirtualListOptions<T> {
  rowHeight: number;
  renderRow(item: T, index: number): HTMLElement;
  /** The row's stable key, to keep keyboard focus on the same item across updates. */
  key(item: T): string;
  label: string;
}

const OVERSCAN = 6;

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private items: readonly T[] = [];
  private frame = 0;
  private focusedKey: string | null = null;

  constructor(private readonly opts: VirtualListOptions<T>) {
    this.spacer = el('div', { class: 'vlist-spacer' });
    this.element = el('div', { class: 'vlist', attrs: { role: 'list', 'aria-label': opts.label } }, this.spacer);
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.opts.rowHeight}px`;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const h = this.opts.rowHeight;
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || h * 20;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((top + height) / h) + OVERSCAN);
    const hadFocus = this.element.contains(document.activeElement);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const item = this.items[i]!;
      const row = this.opts.renderRow(item, i);
      row.classList.add('vlist-row');
      row.style.transform = `translateY(${i * h}px)`;
      row.style.height = `${h}px`;
      row.tabIndex = 0;
      row.setAttribute('role', 'listitem');
      row.setAttribute('aria-posinset', String(i + 1));
      row.setAttribute('aria-setsize', String(this.items.length));
      const key = this.opts.key(item);
      row.dataset.index = String(i);
      row.addEventListener('focus', () => (this.focusedKey = key));
      this.spacer.appendChild(row);
      if (hadFocus && key === this.focusedKey) row.focus({ preventScroll: true });
    }
  }

  private onKey(e: KeyboardEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.vlist-row');
    if (!row) return;
    const index = Number(row.dataset.index);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(this.items.length - 1, index + step));
    const item = this.items[next];
    if (item === undefined) return;
    this.focusedKey = this.opts.key(item);
    const h = this.opts.rowHeight;
    const view = this.element.clientHeight;
    if (next * h < this.element.scrollTop) this.element.scrollTop = next * h;
    else if ((next + 1) * h > this.element.scrollTop + view) this.element.scrollTop = (next + 1) * h - view;
    this.render();
    this.spacer.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus({ preventScroll: true });
  }
}
