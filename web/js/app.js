// Accord's search page: wires the state in the address bar to the API and the views.

import { getJSON, cached, searchUrl, documentUrl } from './api.js';
import {
  parseState, serializeState, searchPart, toggleFilter, hasFilters, filterCount,
  searchParams, LIST_FILTERS,
} from './state.js';
import { h, clear, labelFor, titleFor, formatPeriodEnd, learnTitle, plural } from './dom.js';
import { FacetPanel } from './facets.js';
import { Timeline } from './timeline.js';
import { renderResults, renderError } from './results.js';
import {
  renderDocument, renderDocumentError, renderDocumentLoading, goToSection, sectionIndex,
} from './document.js';

const DEBOUNCE_MS = 250;

const $ = (id) => document.getElementById(id);
const el = {
  form: $('search-form'),
  input: $('q'),
  help: $('help'),
  searchView: $('search-view'),
  documentView: $('document-view'),
  filters: $('filters'),
  filtersToggle: $('filters-toggle'),
  filtersCount: $('filters-count'),
  filtersDone: $('filters-done'),
  facets: $('facets'),
  clearAll: $('clear-all'),
  activeFilters: $('active-filters'),
  activeChips: $('active-chips'),
  timelineChart: $('timeline-chart'),
  timelineReadout: $('timeline-readout'),
  timelineClear: $('timeline-clear'),
  results: $('results'),
  resultsHeading: $('results-heading'),
  summary: $('results-summary'),
  sort: $('sort'),
  notices: $('notices'),
  hits: $('hits'),
  pager: $('pager'),
  announcer: $('announcer'),
  skipLink: document.querySelector('.skip-link'),
};

let state = parseState(location.search);
let searchSeq = 0;
let searchController = null;
let docSeq = 0;
let docController = null;
let debounceTimer = 0;
let lastDocId = ''; // the document last opened, to focus its result on the way back

history.scrollRestoration = 'manual';

const facetPanel = new FacetPanel(el.facets, (key, id, checked) => {
  go(toggleFilter(searchPart(state), key, id, checked));
});

const timeline = new Timeline(el.timelineChart, el.timelineReadout, (from, to) => {
  go({ ...searchPart(state), from, to, page: 1 });
});

// ---------------------------------------------------------------------------------------------
// Navigation

function historyState(extra = {}) {
  return { accord: true, typing: false, fromSearch: false, scrollY: 0, ...extra };
}

/**
 * Moves to a new state: updates the address (push, or replace while typing) and renders.
 * options.scroll: 'keep' | 'top' | 'results'
 */
function go(next, { replace = false, typing = false, scroll = 'keep', fromTyping = false } = {}) {
  const query = serializeState(next);
  const current = location.search.replace(/^\?/, '');
  // Remember where this entry was scrolled to, for Back.
  history.replaceState({ ...(history.state ?? historyState()), scrollY: window.scrollY }, '');
  const entry = historyState({ typing, fromSearch: Boolean(next.doc) && !state.doc });
  if (query !== current) {
    const url = query ? `?${query}` : location.pathname;
    if (replace) history.replaceState(entry, '', url);
    else history.pushState(entry, '', url);
  } else if (!typing && history.state?.typing) {
    history.replaceState({ ...history.state, typing: false }, '');
  }
  state = next;
  render({ scroll, fromTyping });
}

function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

window.addEventListener('popstate', (event) => {
  clearTimeout(debounceTimer);
  state = parseState(location.search);
  render({ scroll: 'restore', scrollY: event.state?.scrollY ?? 0 });
});

// Same-page links (results, pager, suggestion, brand) navigate without reloading.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || !isPlainClick(event)) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target === '_blank') return;
  const href = link.getAttribute('href');
  if (!(href.startsWith('?') || href === './')) return;
  event.preventDefault();
  const next = parseState(new URL(link.href).search);
  if (link.dataset.doc) {
    lastDocId = link.dataset.doc;
    go(next, { scroll: 'top' });
  } else if (link.dataset.page) {
    go(next, { scroll: 'results' });
  } else {
    go(next, { scroll: 'top' });
  }
});

// ---------------------------------------------------------------------------------------------
// Rendering

function render(options = {}) {
  if (!options.fromTyping && el.input.value !== state.q) el.input.value = state.q;
  if (state.doc) {
    showDocument(options);
  } else {
    showSearch(options);
  }
}

function setView(documentView) {
  el.searchView.hidden = documentView;
  el.documentView.hidden = !documentView;
  el.skipLink.setAttribute('href', documentView ? '#doc-title' : '#results-heading');
}

function applyScroll(options) {
  if (options.scroll === 'top') {
    window.scrollTo(0, 0);
  } else if (options.scroll === 'results') {
    el.results.scrollIntoView({ block: 'start' });
  } else if (options.scroll === 'restore') {
    window.scrollTo(0, options.scrollY ?? 0);
  }
}

function showSearch(options) {
  setView(false);
  if (docController) docController.abort();
  updateChrome();
  runSearch(options);
}

function setBusy(busy) {
  el.results.setAttribute('aria-busy', busy ? 'true' : 'false');
  el.results.classList.toggle('loading', busy);
  facetPanel.setBusy(busy);
}

async function runSearch(options) {
  const url = searchUrl(searchParams(state));
  const my = ++searchSeq;
  if (searchController) searchController.abort();
  searchController = new AbortController();
  const forState = state;
  document.title = forState.like ? 'Similar documents — Accord'
    : forState.q.trim() ? `${forState.q.trim()} — Accord` : 'Accord — search';
  const fresh = cached(url);
  if (!fresh) setBusy(true);
  try {
    const data = fresh ?? await getJSON(url, { signal: searchController.signal });
    if (my !== searchSeq) return; // a newer search has started: drop this answer
    showResults(data, forState, options);
  } catch (error) {
    if (error.name === 'AbortError' || my !== searchSeq) return;
    renderError(el, error, () => render());
    el.timelineReadout.textContent = '';
    markRendered(forState);
    announce(`Search failed: ${error.message}`);
  } finally {
    if (my === searchSeq) setBusy(false);
  }
}

function showResults(data, forState, options) {
  const { summary, total } = renderResults(el, data, forState, {
    onSuggestion: (q) => go({ ...searchPart(forState), q, page: 1, like: '' }, { scroll: 'keep' }),
    onClearFilters: clearFilters,
  });
  facetPanel.update(data.facets ?? {}, forState);
  timeline.update(data.facets?.month ?? [], forState.from, forState.to);
  updateChrome();
  el.filtersDone.textContent = total > 0 ? `Show ${plural(total, 'result', 'results')}` : 'Show results';
  applyScroll(options);
  if (options.scroll === 'restore' && lastDocId) {
    const link = el.hits.querySelector(`a.hit-link[data-doc="${CSS.escape(lastDocId)}"]`);
    if (link) link.focus({ preventScroll: true });
    lastDocId = '';
  } else if (options.scroll === 'results') {
    el.resultsHeading.focus({ preventScroll: true });
  }
  markRendered(forState);
  announce(summary);
}

/** Tells observers (and the browser tests) which state the page now shows. */
function markRendered(forState) {
  document.body.dataset.rendered = serializeState(forState);
}

function announce(text) {
  el.announcer.textContent = '';
  // A separate task, so screen readers notice the change even when the text repeats.
  setTimeout(() => { el.announcer.textContent = text; }, 50);
}

/** Active filter chips, "clear all", the phone's filter count. */
function updateChrome() {
  const chips = [];
  const chip = (kind, label, remove) => {
    const button = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove filter ${kind}: ${label}` },
      h('span', { class: 'chip-kind' }, `${kind}:`), ' ', h('span', { class: 'chip-value' }, label),
      h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'));
    button.addEventListener('click', () => {
      go(remove(), { scroll: 'keep' });
      // Keep the keyboard near: the next chip, else the search box.
      requestAnimationFrame(() => (el.activeChips.querySelector('button') ?? el.input).focus());
    });
    return h('li', { class: 'active-chip' }, button);
  };
  const kinds = { party: 'Party', region: 'Region', agreement: 'Agreement', type: 'Type', lang: 'Language' };
  for (const key of LIST_FILTERS) {
    for (const id of state[key]) {
      chips.push(chip(kinds[key], labelFor(key, id), () => toggleFilter(searchPart(state), key, id, false)));
    }
  }
  if (state.from || state.to) {
    const text = state.from && state.to
      ? (state.from === state.to ? formatPeriodEnd(state.from) : `${formatPeriodEnd(state.from)} – ${formatPeriodEnd(state.to)}`)
      : state.from ? `from ${formatPeriodEnd(state.from)}` : `until ${formatPeriodEnd(state.to)}`;
    chips.push(chip('Period', text, () => ({ ...searchPart(state), from: '', to: '', page: 1 })));
  }
  if (state.like) {
    chips.push(chip('Similar to', titleFor(state.like) ?? state.like, () => ({ ...searchPart(state), like: '', page: 1 })));
  }
  clear(el.activeChips).append(...chips);
  el.activeFilters.hidden = chips.length === 0;
  el.clearAll.hidden = !hasFilters(state);
  el.timelineClear.hidden = !(state.from || state.to);
  const n = filterCount(state);
  el.filtersCount.textContent = n ? ` (${n})` : '';

}

function clearFilters() {
  go({ ...searchPart(state), party: [], region: [], agreement: [], type: [], lang: [], from: '', to: '', like: '', page: 1 });
}

// ---------------------------------------------------------------------------------------------
// The document view

const documentHandlers = {
  onBack(event) {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    backToResults();
  },
  onNavigate(event, target) {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    go(target, { scroll: 'top' });
  },
  onRetry() {
    render();
  },
};

function backToResults() {
  lastDocId = state.doc;
  if (history.state?.fromSearch) {
    history.back();
  } else {
    go(searchPart(state), { scroll: 'top' });
    const id = lastDocId;
    lastDocId = '';
    requestAnimationFrame(() => el.hits.querySelector(`a.hit-link[data-doc="${CSS.escape(id)}"]`)?.focus());
  }
}

async function showDocument(options) {
  setView(true);
  if (searchController) searchController.abort();
  searchSeq++;
  const forState = state;
  const my = ++docSeq;
  if (docController) docController.abort();
  docController = new AbortController();
  const url = documentUrl(forState.doc);
  const fresh = cached(url);
  if (!fresh) renderDocumentLoading(el.documentView, forState, documentHandlers);
  document.title = `${titleFor(forState.doc) ?? 'Document'} — Accord`;
  try {
    const doc = fresh ?? await getJSON(url, { signal: docController.signal });
    if (my !== docSeq) return;
    const title = renderDocument(el.documentView, doc, forState, documentHandlers);
    document.title = `${title} — Accord`;
    learnTitle(forState.doc, title);
    markRendered(forState);
    if (options.scroll === 'restore') {
      applyScroll(options);
      return;
    }
    const index = forState.at ? sectionIndex(el.documentView, forState.at) : -1;
    if (index >= 0) {
      goToSection(el.documentView, index);
    } else {
      window.scrollTo(0, 0);
      $('doc-title')?.focus({ preventScroll: true });
    }
  } catch (error) {
    if (error.name === 'AbortError' || my !== docSeq) return;
    renderDocumentError(el.documentView, error, forState, documentHandlers);
    document.title = 'Document not available — Accord';
    markRendered(forState);
    $('doc-title')?.focus({ preventScroll: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Controls

el.input.addEventListener('input', () => {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => {
    const q = el.input.value;
    if (q === state.q && !state.doc) return;
    go({ ...searchPart(state), q, page: 1, like: '' },
      { replace: history.state?.typing === true, typing: true, fromTyping: true });
  }, DEBOUNCE_MS);
});

el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(debounceTimer);
  const next = { ...searchPart(state), q: el.input.value, page: 1, like: state.q === el.input.value ? state.like : '' };
  go(next, { replace: history.state?.typing === true, scroll: state.doc ? 'top' : 'keep', fromTyping: true });
});

el.sort.addEventListener('change', () => {
  go({ ...searchPart(state), sort: el.sort.value, page: 1 });
});

el.clearAll.addEventListener('click', () => {
  clearFilters();
  el.input.focus();
});

el.timelineClear.addEventListener('click', () => {
  go({ ...searchPart(state), from: '', to: '', page: 1 });
  el.timelineChart.querySelector('svg')?.focus();
});

function setFiltersOpen(open) {
  el.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  el.filters.classList.toggle('open', open);
}

el.filtersToggle.addEventListener('click', () => {
  const open = el.filtersToggle.getAttribute('aria-expanded') !== 'true';
  setFiltersOpen(open);
  if (open) el.filters.querySelector('input:not([hidden]), button:not([hidden])')?.focus();
});

el.filtersDone.addEventListener('click', () => {
  setFiltersOpen(false);
  el.resultsHeading.scrollIntoView({ block: 'start' });
  el.resultsHeading.focus({ preventScroll: true });
});

el.help.addEventListener('click', (event) => {
  const example = event.target.closest('button.example');
  if (!example) return;
  el.help.hidePopover();
  el.input.value = example.dataset.query;
  go({ ...searchPart(state), q: example.dataset.query, page: 1, like: '' }, { scroll: 'top' });
  el.input.focus();
});

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether a key press in this element types text (so "/" and "?" must not be taken over). */
function isEditable(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !NON_TEXT_INPUTS.has(target.type);
}

function hitLinks() {
  return [...el.hits.querySelectorAll('a.hit-link')];
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (event.key === '/' && !isEditable(target)) {
    event.preventDefault();
    el.input.focus();
    el.input.select();
    return;
  }
  if (event.key === '?' && !isEditable(target)) {
    event.preventDefault();
    el.help.togglePopover();
    return;
  }
  if (event.key === 'Escape' && state.doc && !el.help.matches(':popover-open') && !isEditable(target)) {
    event.preventDefault();
    backToResults();
    return;
  }
  if (state.doc) return;
  if (event.key === 'ArrowDown' && target === el.input) {
    const first = hitLinks()[0];
    if (first) {
      event.preventDefault();
      first.focus();
    }
    return;
  }
  if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && target.matches?.('a.hit-link')) {
    const links = hitLinks();
    const i = links.indexOf(target);
    event.preventDefault();
    if (event.key === 'ArrowDown') (links[i + 1] ?? links[i]).focus();
    else if (i > 0) links[i - 1].focus();
    else el.input.focus();
  }
});

// ---------------------------------------------------------------------------------------------

// The address in its canonical form (parameters in a fixed order, defaults left out). A reload
// keeps history.state, so the page comes back where it was scrolled to.
{
  const restoredY = history.state?.accord ? history.state.scrollY : undefined;
  const query = serializeState(state);
  history.replaceState({ ...historyState(), ...(history.state ?? {}) }, '', query ? `?${query}` : location.pathname);
  render(restoredY !== undefined ? { scroll: 'restore', scrollY: restoredY } : { scroll: 'top' });
}
