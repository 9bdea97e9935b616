// The result list: summary line, notices ("Did you mean", relaxed matching), hits, pager.

import {
  h, clear, snippetNodes, formatDate, plural, languageLabel, labelFor,
  learnLabel, learnTitle, titleFor,
} from './dom.js';
import { PAGE_SIZE, hrefFor, searchPart, hasFilters } from './state.js';

const ENTITY_ORDER = { party: 0, region: 1, agreement: 2 };
const ENTITY_NAMES = { party: 'Party', region: 'Region', agreement: 'Agreement' };
const CHIP_QUOTA = { party: 4, region: 2, agreement: 2 };

export function entityChip(entity, extraClass = '') {
  return h('li', { class: ['chip', `chip-${entity.type}`, extraClass], title: `${ENTITY_NAMES[entity.type] ?? entity.type}: ${entity.label}` },
    h('span', { class: 'visually-hidden' }, `${ENTITY_NAMES[entity.type] ?? entity.type}: `),
    entity.label || entity.id);
}

function entityChips(hit, state, popularity) {
  const entities = (Array.isArray(hit.entities) ? hit.entities : [])
    .filter((e) => e && e.id && ENTITY_ORDER[e.type] !== undefined)
    .map((e) => ({ id: String(e.id), type: String(e.type), label: String(e.label || e.id) }));
  for (const e of entities) learnLabel(e.type, e.id, e.label);
  const chosen = (e) => Boolean(state[e.type]?.includes(e.id));
  const weight = (e) => popularity.get(`${e.type}:${e.id}`) ?? 0;
  // Within a type, the entities most present in these results come first.
  entities.sort((a, b) => (ENTITY_ORDER[a.type] - ENTITY_ORDER[b.type]) || (weight(b) - weight(a)) || a.label.localeCompare(b.label));
  if (entities.length === 0) return null;
  // Show a mix: the filtered-for entities, then a few of each type; the rest behind "+N more".
  const quota = { ...CHIP_QUOTA };
  const shown = new Set();
  for (const e of entities) if (chosen(e)) shown.add(e);
  for (const e of entities) {
    if (!shown.has(e) && quota[e.type] > 0) {
      quota[e.type]--;
      shown.add(e);
    }
  }
  entities.sort((a, b) => (shown.has(b) - shown.has(a)) || (chosen(b) - chosen(a)) || (ENTITY_ORDER[a.type] - ENTITY_ORDER[b.type]) ||
    (weight(b) - weight(a)) || a.label.localeCompare(b.label));
  const list = h('ul', { class: 'chips', 'aria-label': 'Mentions' });
  for (const e of entities) {
    const chip = entityChip(e, chosen(e) ? 'chosen' : '');
    chip.hidden = !shown.has(e);
    list.appendChild(chip);
  }
  if (entities.length > shown.size) {
    const hiddenCount = entities.length - shown.size;
    const button = h('button', { type: 'button', class: 'chip chip-more', 'aria-expanded': 'false' }, `+${hiddenCount} more`);
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      list.querySelectorAll('li.chip').forEach((chip, i) => { if (i >= shown.size) chip.hidden = !open; });
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      button.textContent = open ? 'Show fewer' : `+${hiddenCount} more`;
    });
    list.appendChild(h('li', { class: 'chip-more-item' }, button));
  }
  return list;
}

function hitItem(hit, index, state, popularity) {
  const id = String(hit.id ?? '');
  const title = String(hit.title || id || 'Untitled');
  learnTitle(id, title);
  const titleId = `hit-${index}-title`;
  const meta = [];
  if (hit.date) meta.push(h('time', { class: 'meta-item', datetime: String(hit.date) }, formatDate(String(hit.date))));
  if (hit.source) meta.push(h('span', { class: 'meta-item hit-source' }, String(hit.source)));
  if (hit.language && hit.language !== 'en') meta.push(h('span', { class: 'meta-item hit-lang' }, languageLabel(String(hit.language))));
  const badges = [];
  if (hit.type) badges.push(h('span', { class: ['badge', 'badge-type', `badge-${String(hit.type).replace(/[^a-z0-9-]/gi, '')}`] }, labelFor('type', String(hit.type))));
  if (hit.section) badges.push(h('span', { class: 'badge badge-section' }, h('span', { class: 'visually-hidden' }, 'Section: '), String(hit.section)));
  const link = h('a', {
    class: 'hit-link', href: hrefFor({ ...searchPart(state), doc: id, at: hit.section ? String(hit.section) : '' }),
    dataset: { doc: id, at: hit.section ? String(hit.section) : '' },
  }, title);
  return h('li', { class: 'hit', dataset: { id } },
    h('article', { 'aria-labelledby': titleId },
      h('h3', { class: 'hit-title', id: titleId }, link),
      h('div', { class: 'hit-meta' }, badges, meta),
      hit.snippet ? h('p', { class: 'snippet' }, snippetNodes(hit.snippet)) : null,
      entityChips(hit, state, popularity)));
}

function pageLinks(state, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(state.page, pages);
  const wanted = new Set([1, pages, current - 1, current, current + 1]);
  if (current <= 3) [2, 3, 4].forEach((p) => wanted.add(p));
  if (current >= pages - 2) [pages - 1, pages - 2, pages - 3].forEach((p) => wanted.add(p));
  const list = [...wanted].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const items = [];
  const link = (page, text, label, rel) => h('a', { class: 'page-link', href: hrefFor({ ...searchPart(state), page }), dataset: { page }, 'aria-label': label, rel }, text);
  items.push(current > 1 ? link(current - 1, '‹ Previous', 'Previous page', 'prev') : h('span', { class: 'page-link disabled', 'aria-hidden': 'true' }, '‹ Previous'));
  let last = 0;
  for (const page of list) {
    if (page - last > 1) items.push(h('span', { class: 'page-gap', 'aria-hidden': 'true' }, '…'));
    if (page === current) {
      items.push(h('a', { class: 'page-link current', href: hrefFor({ ...searchPart(state), page }), 'aria-current': 'page', 'aria-label': `Page ${page}, current`, dataset: { page } }, String(page)));
    } else {
      items.push(link(page, String(page), `Page ${page}`));
    }
    last = page;
  }
  items.push(current < pages ? link(current + 1, 'Next ›', 'Next page', 'next') : h('span', { class: 'page-link disabled', 'aria-hidden': 'true' }, 'Next ›'));
  return { pages, items };
}

/**
 * Renders a search answer. Returns the summary text (for the live region) and the total shown.
 * @param {{summary, notices, hits, pager, sort}} el
 */
export function renderResults(el, data, state, { onSuggestion, onClearFilters }) {
  const likeTitle = state.like ? (titleFor(state.like) ?? state.like) : '';
  let hits = Array.isArray(data.hits) ? data.hits : [];
  let total = Number(data.total) || 0;
  if (state.like) {
    // The source document itself comes back first; leave it out of "more like this".
    const before = hits.length;
    hits.forEach((hit) => { if (hit.id === state.like) learnTitle(hit.id, hit.title); });
    hits = hits.filter((hit) => hit.id !== state.like);
    if (hits.length < before) total = Math.max(0, total - 1);
  }
  const about = data.total_exact === false ? 'about ' : '';
  const count = `${about}${plural(total, 'result', 'results')}`;
  const took = typeof data.took_ms === 'number' ? `${data.took_ms < 10 ? data.took_ms.toFixed(1) : Math.round(data.took_ms)} ms` : '';

  clear(el.summary);
  let summary;
  if (state.like) {
    summary = `${about}${plural(total, 'document', 'documents')} like “${titleFor(state.like) ?? likeTitle}”`;
    el.summary.append(h('span', { class: 'count' }, summary));
  } else if (state.q.trim()) {
    summary = `${count} for “${state.q.trim()}”`;
    el.summary.append(h('span', { class: 'count' }, count), ' for ', h('q', { class: 'query' }, state.q.trim()));
  } else {
    summary = hasFilters(state) ? count : `${about}${plural(total, 'document', 'documents')}`;
    el.summary.append(h('span', { class: 'count' }, summary));
  }
  if (took) el.summary.append(h('span', { class: 'took' }, took));

  el.sort.value = state.sort || (data.sort === 'date' || data.sort === 'relevance' ? data.sort : (state.q ? 'relevance' : 'date'));

  clear(el.notices);
  if (data.suggestion && typeof data.suggestion === 'string' && data.suggestion !== state.q) {
    const button = h('a', { class: 'suggestion', href: hrefFor({ ...searchPart(state), q: data.suggestion, page: 1, like: '' }) }, data.suggestion);
    button.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      onSuggestion(data.suggestion);
    });
    el.notices.appendChild(h('p', { class: 'notice did-you-mean' }, 'Did you mean ', button, '?'));
  }
  if (data.relaxed && total > 0) {
    const strict = Number.isInteger(data.strict_total) ? data.strict_total : 0;
    const text = strict === 0
      ? 'No document matches the query as written, so these have some of its words.'
      : `Only ${strict.toLocaleString('en')} ${strict === 1 ? 'document has' : 'documents have'} all of the words (listed first); the others have some of them.`;
    el.notices.appendChild(h('p', { class: 'notice' }, text));
  }

  clear(el.hits);
  if (total === 0 || (hits.length === 0 && state.page === 1)) {
    const tips = [];
    if (hasFilters(state)) {
      const clearButton = h('button', { type: 'button', class: 'link-button' }, 'remove the filters');
      clearButton.addEventListener('click', onClearFilters);
      tips.push(h('li', null, 'Try to ', clearButton, ', or widen the period.'));
    }
    if (state.q.trim()) {
      tips.push(h('li', null, 'Check the spelling, use fewer words, or join alternatives with OR.'));
    }
    el.hits.appendChild(h('div', { class: 'empty-state', role: 'note' },
      h('p', { class: 'empty-title' }, state.q.trim() ? `No documents match “${state.q.trim()}”` : 'No documents match these filters'),
      tips.length ? h('ul', null, tips) : null));
  } else if (hits.length === 0) {
    el.hits.appendChild(h('div', { class: 'empty-state', role: 'note' },
      h('p', { class: 'empty-title' }, `There is no page ${state.page} of these results.`),
      h('a', { href: hrefFor({ ...searchPart(state), page: 1 }), dataset: { page: 1 } }, 'Go to the first page')));
  } else {
    const offset = Number(data.offset) || (state.page - 1) * PAGE_SIZE;
    const popularity = new Map();
    for (const type of ['party', 'region', 'agreement']) {
      for (const v of Array.isArray(data.facets?.[type]) ? data.facets[type] : []) popularity.set(`${type}:${v.id}`, Number(v.count) || 0);
    }
    el.hits.appendChild(h('ol', { class: 'hits', start: offset + 1 }, hits.map((hit, i) => hitItem(hit, i, state, popularity))));
  }

  clear(el.pager);
  const { pages, items } = pageLinks(state, total);
  el.pager.hidden = pages <= 1;
  if (pages > 1) el.pager.append(...items);
  return { summary, total };
}

export function renderError(el, error, onRetry) {
  clear(el.hits);
  clear(el.notices);
  clear(el.summary);
  el.pager.hidden = true;
  el.summary.append('Search failed');
  const retry = h('button', { type: 'button', class: 'button' }, 'Try again');
  retry.addEventListener('click', onRetry);
  const message = error?.message || 'Something went wrong.';
  el.hits.appendChild(h('div', { class: 'error-state', role: 'alert' },
    h('p', { class: 'empty-title' }, error?.status >= 400 && error.status < 500 ? 'The search could not be run' : 'The search server did not answer'),
    h('p', null, message, error?.code ? h('span', { class: 'error-code' }, ` (${error.code})`) : null),
    retry));
}

