// The timeline: matches per month as an SVG bar chart, with a brush. Dragging across bars (or
// clicking one) filters the search to that period; with the keyboard the chart is a slider over
// the months: arrows move, Shift+arrows extend a range, Enter applies, Escape clears.
//
// Hand-written SVG rather than a chart library: a histogram with a brush is ~250 lines here,
// needs no build step or vendored bundle, obeys the page's strict CSP (no inline styles), and
// lets the bars carry exactly the keyboard and ARIA behaviour the page needs.

import { svg, clear, formatMonth, plural } from './dom.js';

const AXIS = 22; // room for the year labels under the bars
const TOP = 6;
const MIN_MONTHS = 12;

function monthIndex(id) {
  const m = /^(\d{4})-(\d{2})/.exec(id);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
}

function monthId(index) {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month a from/to value (YYYY, YYYY-MM, YYYY-MM-DD) falls in; a bare year → Jan or Dec. */
function boundMonth(value, isEnd) {
  if (/^\d{4}$/.test(value)) return Number(value) * 12 + (isEnd ? 11 : 0);
  const index = monthIndex(value);
  return Number.isNaN(index) ? null : index;
}

export class Timeline {
  /**
   * @param {HTMLElement} container
   * @param {HTMLElement} readout  text line that describes the hovered or focused month
   * @param {(from: string, to: string) => void} onSelect  ('', '') clears the period
   */
  constructor(container, readout, onSelect) {
    this.container = container;
    this.readout = readout;
    this.onSelect = onSelect;
    this.months = []; // [{id, count}] contiguous
    this.selection = null; // [firstIndex, lastIndex] into this.months, from the state
    this.pending = null; // [anchor, cursor] while brushing
    this.cursor = 0;
    this.width = 0;
    this.height = 112;
    this.svg = null;
    this.dragging = false;
    this.loaded = false;
    this.resizeObserver = new ResizeObserver(() => {
      const width = Math.floor(this.container.clientWidth);
      if (this.loaded && width > 0 && width !== this.width && !this.dragging) this.render();
    });
    this.resizeObserver.observe(container);
  }

  /** @param {{id:string,count:number}[]} months  the API's month facet; from/to from the state */
  update(months, from, to) {
    const counts = new Map();
    for (const m of months ?? []) {
      const index = monthIndex(String(m.id));
      if (!Number.isNaN(index)) counts.set(index, (counts.get(index) ?? 0) + (Number(m.count) || 0));
    }
    let first = Math.min(...counts.keys());
    let last = Math.max(...counts.keys());
    const fromIndex = from ? boundMonth(from, false) : null;
    const toIndex = to ? boundMonth(to, true) : null;
    if (counts.size > 0) {
      // Keep a selected period in view even where it has no matches.
      if (fromIndex !== null && fromIndex >= first - 240) first = Math.min(first, fromIndex);
      if (toIndex !== null && toIndex <= last + 240) last = Math.max(last, toIndex);
    }
    if (counts.size > 0 && last - first < MIN_MONTHS - 1) {
      // Too few months to read as a timeline: show a year around them.
      const pad = MIN_MONTHS - 1 - (last - first);
      first -= Math.ceil(pad / 2);
      last += Math.floor(pad / 2);
    }
    this.months = [];
    if (counts.size > 0) {
      for (let i = first; i <= last; i++) this.months.push({ id: monthId(i), index: i, count: counts.get(i) ?? 0 });
    }
    this.selection = null;
    if ((fromIndex !== null || toIndex !== null) && this.months.length) {
      const a = Math.max(0, (fromIndex ?? first) - first);
      const b = Math.min(this.months.length - 1, (toIndex ?? last) - first);
      if (a <= b) this.selection = [a, b];
    }
    this.pending = null;
    this.loaded = true;
    this.cursor = Math.min(Math.max(this.selection ? this.selection[0] : this.cursor, 0), Math.max(this.months.length - 1, 0));
    this.render();
  }

  band() {
    return this.width / Math.max(this.months.length, 1);
  }

  render() {
    const hadFocus = this.svg && document.activeElement === this.svg;
    clear(this.container);
    this.width = Math.max(Math.floor(this.container.clientWidth), 160);
    this.height = this.width < 520 ? 84 : 112;
    if (this.months.length === 0) {
      this.svg = null;
      this.container.dataset.empty = 'true';
      this.readout.textContent = 'No dated documents in these results.';
      return;
    }
    delete this.container.dataset.empty;
    const n = this.months.length;
    const band = this.band();
    const gap = band >= 16 ? band * 0.25 : band >= 6 ? Math.min(2, band * 0.2) : band >= 3 ? 0.5 : 0;
    const max = Math.max(...this.months.map((m) => m.count), 1);
    const plot = this.height - AXIS - TOP;

    const root = svg('svg', {
      class: 'timeline-svg', width: this.width, height: this.height, viewBox: `0 0 ${this.width} ${this.height}`,
      role: 'slider', tabindex: '0', 'aria-label': 'Timeline of matches per month',
      'aria-describedby': 'timeline-hint', 'aria-orientation': 'horizontal',
      'aria-valuemin': '0', 'aria-valuemax': String(n - 1),
    });
    const active = this.pending ? [Math.min(...this.pending), Math.max(...this.pending)] : this.selection;
    if (active) {
      root.appendChild(svg('rect', {
        class: this.pending ? 'brush pending' : 'brush', x: active[0] * band, y: 0,
        width: (active[1] - active[0] + 1) * band, height: this.height - AXIS + 2,
      }));
    }
    const bars = svg('g', { class: active ? 'bars has-selection' : 'bars' });
    this.months.forEach((m, i) => {
      if (m.count === 0) return;
      const barHeight = Math.max(2, Math.round((m.count / max) * plot));
      const inside = active && i >= active[0] && i <= active[1];
      bars.appendChild(svg('rect', {
        class: inside ? 'bar in' : 'bar', x: i * band + gap / 2, y: this.height - AXIS - barHeight,
        width: Math.max(band - gap, 1), height: barHeight, dataset: { month: m.id, count: m.count },
      }, svg('title', null, `${formatMonth(m.id)}: ${plural(m.count, 'document', 'documents')}`)));
    });
    root.appendChild(bars);
    root.appendChild(svg('line', { class: 'axis', x1: 0, x2: this.width, y1: this.height - AXIS + 0.5, y2: this.height - AXIS + 0.5 }));

    // Year ticks: every year if there is room, else every 2, 5, 10 …
    const firstYear = Math.floor(this.months[0].index / 12);
    const lastYear = Math.floor(this.months[n - 1].index / 12);
    const perYear = band * 12;
    const step = [1, 2, 5, 10, 20, 50].find((s) => perYear * s >= 44) ?? 100;
    for (let year = firstYear; year <= lastYear; year++) {
      const i = year * 12 - this.months[0].index;
      const x = Math.max(i, 0) * band;
      if (i > 0) root.appendChild(svg('line', { class: 'tick', x1: x + 0.5, x2: x + 0.5, y1: this.height - AXIS, y2: this.height - AXIS + 5 }));
      if (year % step !== 0 && year !== firstYear) continue;
      if (year === firstYear && i < 0 && n - (-i) < 12 * step * 0.5 && lastYear > firstYear) continue;
      if (x > this.width - 30) continue;
      root.appendChild(svg('text', { class: 'year', x: x + 2, y: this.height - 6 }, String(year)));
    }
    root.appendChild(svg('rect', {
      class: 'cursor', x: this.cursor * band, y: TOP - 4, width: Math.max(band, 2), height: this.height - AXIS - TOP + 6,
    }));

    this.svg = root;
    this.updateAria();
    this.attach(root);
    this.container.appendChild(root);
    if (hadFocus) root.focus();
    this.describe(null);
  }

  monthAt(clientX) {
    const box = this.svg.getBoundingClientRect();
    const x = clientX - box.left;
    return Math.min(this.months.length - 1, Math.max(0, Math.floor(x / this.band())));
  }

  rangeText(a, b) {
    const first = this.months[Math.min(a, b)];
    const last = this.months[Math.max(a, b)];
    const count = this.months.slice(Math.min(a, b), Math.max(a, b) + 1).reduce((s, m) => s + m.count, 0);
    const span = first.id === last.id ? formatMonth(first.id) : `${formatMonth(first.id, false)} – ${formatMonth(last.id, false)}`;
    return `${span}: ${plural(count, 'document', 'documents')}`;
  }

  describe(index) {
    if (this.pending) {
      this.readout.textContent = this.rangeText(this.pending[0], this.pending[1]);
    } else if (index !== null && this.months[index]) {
      this.readout.textContent = this.rangeText(index, index);
    } else if (this.selection) {
      this.readout.textContent = `Showing ${this.rangeText(this.selection[0], this.selection[1])}`;
    } else {
      const total = this.months.reduce((s, m) => s + m.count, 0);
      this.readout.textContent = `${this.rangeText(0, this.months.length - 1).replace(/:.*$/, '')}: ${plural(total, 'dated document', 'dated documents')}`;
    }
  }

  updateAria() {
    if (!this.svg) return;
    const m = this.months[this.cursor];
    let text = `${formatMonth(m.id)}, ${plural(m.count, 'document', 'documents')}`;
    if (this.pending) text += `; range ${this.rangeText(this.pending[0], this.pending[1])}, press Enter to apply`;
    else if (this.selection) text += `; filtered to ${this.rangeText(this.selection[0], this.selection[1])}`;
    this.svg.setAttribute('aria-valuenow', String(this.cursor));
    this.svg.setAttribute('aria-valuetext', text);
    const cursor = this.svg.querySelector('rect.cursor');
    if (cursor) cursor.setAttribute('x', String(this.cursor * this.band()));
  }

  commit(a, b) {
    const first = this.months[Math.min(a, b)].id;
    const last = this.months[Math.max(a, b)].id;
    this.pending = null;
    this.onSelect(first, last);
  }

  attach(root) {
    root.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault(); // no text selection; focus stays where it was (no ring for mouse users)
      const i = this.monthAt(event.clientX);
      this.dragging = true;
      this.pending = [i, i];
      this.cursor = i;
      root.setPointerCapture(event.pointerId);
      this.redrawBrush();
    });
    root.addEventListener('pointermove', (event) => {
      const i = this.monthAt(event.clientX);
      if (this.dragging && this.pending) {
        if (this.pending[1] !== i) {
          this.pending[1] = i;
          this.cursor = i;
          this.redrawBrush();
        }
      } else {
        this.describe(i);
      }
    });
    root.addEventListener('pointerleave', () => {
      if (!this.dragging) this.describe(null);
    });
    root.addEventListener('pointerup', (event) => {
      if (!this.dragging) return;
      this.dragging = false;
      root.releasePointerCapture?.(event.pointerId);
      const [a, b] = this.pending;
      this.commit(a, b);
    });
    root.addEventListener('pointercancel', () => {
      this.dragging = false;
      this.pending = null;
      this.render();
    });
    root.addEventListener('keydown', (event) => this.onKey(event));
    root.addEventListener('focus', () => this.describe(this.cursor));
    root.addEventListener('blur', () => {
      if (this.pending && !this.dragging) {
        this.pending = null;
        this.redrawBrush();
      }
      this.describe(null);
    });
  }

  onKey(event) {
    const n = this.months.length;
    if (!n) return;
    let next = null;
    switch (event.key) {
      case 'ArrowLeft': case 'ArrowDown': next = this.cursor - 1; break;
      case 'ArrowRight': case 'ArrowUp': next = this.cursor + 1; break;
      case 'PageDown': next = this.cursor - 12; break;
      case 'PageUp': next = this.cursor + 12; break;
      case 'Home': next = 0; break;
      case 'End': next = n - 1; break;
      case 'Enter': case ' ':
        event.preventDefault();
        if (this.pending) this.commit(this.pending[0], this.pending[1]);
        else this.commit(this.cursor, this.cursor);
        return;
      case 'Escape':
        if (this.pending) {
          event.preventDefault();
          event.stopPropagation();
          this.pending = null;
          this.redrawBrush();
        } else if (this.selection) {
          event.preventDefault();
          event.stopPropagation();
          this.onSelect('', '');
        }
        return;
      default: return;
    }
    event.preventDefault();
    next = Math.min(n - 1, Math.max(0, next));
    if (event.shiftKey) {
      if (!this.pending) this.pending = [this.cursor, next];
      else this.pending[1] = next;
    } else {
      this.pending = null;
    }
    this.cursor = next;
    this.redrawBrush();
    this.describe(this.cursor);
  }

  /** Redraws the brush and bar emphasis without rebuilding the chart (keeps pointer capture). */
  redrawBrush() {
    if (!this.svg) return;
    const band = this.band();
    const active = this.pending ? [Math.min(...this.pending), Math.max(...this.pending)] : this.selection;
    let brush = this.svg.querySelector('rect.brush');
    if (active) {
      if (!brush) {
        brush = svg('rect', { class: 'brush', y: 0, height: this.height - AXIS + 2 });
        this.svg.insertBefore(brush, this.svg.firstChild);
      }
      brush.setAttribute('class', this.pending ? 'brush pending' : 'brush');
      brush.setAttribute('x', String(active[0] * band));
      brush.setAttribute('width', String((active[1] - active[0] + 1) * band));
    } else if (brush) {
      brush.remove();
    }
    const bars = this.svg.querySelector('g.bars');
    bars.setAttribute('class', active ? 'bars has-selection' : 'bars');
    for (const rect of bars.querySelectorAll('rect.bar')) {
      const i = monthIndex(rect.dataset.month) - this.months[0].index;
      rect.setAttribute('class', active && i >= active[0] && i <= active[1] ? 'bar in' : 'bar');
    }
    this.updateAria();
    if (this.pending) this.describe(null);
  }
}
