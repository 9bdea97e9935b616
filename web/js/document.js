// The document view: metadata, the full text with entity mentions highlighted by type, the
// sections as a table of contents, links that filter the search by the document's entities,
// and "more like this". Mentions and sections come as UTF-8 byte offsets into the body.

import {
  h, clear, formatDate, languageLabel, labelFor, learnLabel, learnTitle, safeExternalUrl, plural,
} from './dom.js';
import { hrefFor, searchPart, toggleFilter, hasFilters } from './state.js';

const TYPES = [
  { type: 'party', title: 'Parties', one: 'party' },
  { type: 'region', title: 'Regions', one: 'region' },
  { type: 'agreement', title: 'Agreements', one: 'agreement' },
];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Paragraphs of the body as byte ranges [start, end), blank lines dropped. */
function paragraphs(body) {
  const result = [];
  const separator = /\n[ \t\r]*\n\s*/g;
  let charPos = 0;
  let bytePos = 0;
  const byteAt = (index) => {
    bytePos += encoder.encode(body.slice(charPos, index)).length;
    charPos = index;
    return bytePos;
  };
  let start = 0;
  let startByte = 0;
  const lead = /^\s*/.exec(body)[0].length;
  if (lead) {
    start = lead;
    startByte = byteAt(lead);
  }
  let match;
  while ((match = separator.exec(body)) !== null) {
    if (match.index < start) continue;
    const endByte = byteAt(match.index);
    if (endByte > startByte) result.push([startByte, endByte]);
    start = separator.lastIndex;
    startByte = byteAt(start);
  }
  const endByte = byteAt(body.length);
  if (endByte > startByte) result.push([startByte, endByte]);
  return result;
}

function cleanMentions(mentions, length) {
  const list = (Array.isArray(mentions) ? mentions : [])
    .map((m) => ({ ...m, start: Number(m.start), end: Number(m.end) }))
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= length && m.start < m.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let last = -1;
  for (const m of list) {
    if (m.start >= last) {
      kept.push(m);
      last = m.end;
    }
  }
  return kept;
}

function cleanSections(sections, length) {
  return (Array.isArray(sections) ? sections : [])
    .map((s) => ({ label: String(s.label ?? ''), start: Number(s.start), end: Number(s.end) }))
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < length && s.end > s.start)
    .map((s) => ({ ...s, end: Math.min(s.end, length) }))
    .sort((a, b) => a.start - b.start);
}

function humanise(slug) {
  return String(slug).replace(/[-_]+/g, ' ');
}

/** Builds the body: blocks (paragraphs, also cut at section starts) grouped into sections. */
function bodyNodes(body, mentions, sections) {
  const bytes = encoder.encode(body);
  const text = (a, b) => decoder.decode(bytes.subarray(a, b));
  const cleanM = cleanMentions(mentions, bytes.length);
  const cleanS = cleanSections(sections, bytes.length);

  // Cut paragraphs at section starts, so each block lies in one section.
  const cuts = cleanS.map((s) => s.start);
  const blocks = [];
  for (const [a, b] of paragraphs(body)) {
    let start = a;
    for (const cut of cuts) {
      if (cut > start && cut < b) {
        blocks.push([start, cut]);
        start = cut;
      }
    }
    blocks.push([start, b]);
  }

  // Containers: a lead-in before the first section, then one per section.
  const containers = [];
  const sectionOf = (pos) => {
    let found = -1;
    for (let i = 0; i < cleanS.length; i++) if (cleanS[i].start <= pos) found = i;
    return found;
  };
  let mi = 0;
  for (const [a, b] of blocks) {
    const s = sectionOf(a);
    let container = containers[containers.length - 1];
    if (!container || container.section !== s) {
      const attrs = s >= 0
        ? { class: 'doc-section', id: `sec-${s}`, tabindex: '-1', dataset: { label: cleanS[s].label } }
        : { class: 'doc-section doc-lead' };
      container = { section: s, element: h('div', attrs) };
      containers.push(container);
    }
    const p = h('p');
    let pos = a;
    while (mi < cleanM.length && cleanM[mi].end <= a) mi++;
    // A section's first line is usually its label ("Point 4", "Article 5"): set it off.
    if (s >= 0 && cleanS[s].start === a && cleanS[s].label) {
      const labelEnd = a + encoder.encode(cleanS[s].label).length;
      const mentionInside = mi < cleanM.length && cleanM[mi].start < labelEnd;
      if (labelEnd <= b && !mentionInside && text(a, labelEnd) === cleanS[s].label) {
        p.appendChild(h('strong', { class: 'section-label' }, cleanS[s].label));
        pos = labelEnd;
      }
    }
    for (let j = mi; j < cleanM.length && cleanM[j].start < b; j++) {
      const m = cleanM[j];
      const ms = Math.max(m.start, a);
      const me = Math.min(m.end, b);
      if (ms > pos) p.appendChild(document.createTextNode(text(pos, ms)));
      const type = ['party', 'region', 'agreement'].includes(m.type) ? m.type : 'other';
      const label = String(m.label || m.id);
      p.appendChild(h('mark', {
        class: ['mention', `m-${type}`], dataset: { entity: `${type}:${m.id}` },
        title: `${label} · ${type}${m.via ? ` (via ${humanise(m.via)})` : ''}`,
      }, text(ms, me)));
      pos = me;
    }
    if (pos < b) p.appendChild(document.createTextNode(text(pos, b)));
    container.element.appendChild(p);
  }
  return { nodes: containers.map((c) => c.element), sections: cleanS, mentionCount: cleanM.length };
}

/**
 * @param {HTMLElement} root  the document view container
 * @param {object} doc  GET /api/doc/{id}
 * @param {object} state
 * @param {{onBack: (e: Event) => void, onNavigate: (e: Event, state: object) => void}} handlers
 */
export function renderDocument(root, doc, state, handlers) {
  clear(root);
  const id = String(doc.id ?? state.doc);
  const title = String(doc.title || id);
  learnTitle(id, title);
  const language = String(doc.language ?? '');
  const body = String(doc.body ?? '');
  const built = bodyNodes(body, doc.mentions, doc.sections);

  const base = searchPart(state);
  const backHref = hrefFor(base);
  const back = h('a', { class: 'back-link', href: backHref }, h('span', { 'aria-hidden': 'true' }, '← '),
    hasFilters(base) || base.q ? 'Back to results' : 'All documents');
  back.addEventListener('click', handlers.onBack);

  // Metadata
  const external = safeExternalUrl(doc.url);
  const metaRows = [];
  const row = (term, ...value) => metaRows.push(h('div', { class: 'meta-row' }, h('dt', null, term), h('dd', null, ...value)));
  if (doc.date) row('Date', h('time', { datetime: String(doc.date) }, formatDate(String(doc.date))));
  if (doc.source) row('Source', String(doc.source));
  if (doc.type) row('Type', labelFor('type', String(doc.type)));
  if (language) row('Language', languageLabel(language));
  if (external) {
    row('Original', h('a', { href: external, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'external' },
      new URL(external).host, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)')));
  }
  row('Identifier', h('code', null, id));

  // Entities with links that filter the search
  const entities = (Array.isArray(doc.entities) ? doc.entities : []).filter((e) => e && e.id);
  for (const e of entities) learnLabel(String(e.type), String(e.id), String(e.label || e.id));
  const entityGroups = TYPES.map(({ type, title: groupTitle }) => {
    const list = entities.filter((e) => e.type === type)
      .sort((a, b) => (Number(b.count) || 0) - (Number(a.count) || 0) || String(a.label).localeCompare(String(b.label)));
    if (!list.length) return null;
    return h('div', { class: 'entity-group' },
      h('h3', null, groupTitle),
      h('ul', { class: 'entity-links' }, list.map((e) => {
        const target = { ...toggleFilter(base, type, String(e.id), true), like: '', page: 1 };
        const count = Number(e.count) || 0;
        const link = h('a', {
          class: ['entity-link', `chip-${type}`], href: hrefFor(target),
          dataset: { entity: `${type}:${e.id}` },
        }, String(e.label || e.id));
        link.addEventListener('click', (event) => handlers.onNavigate(event, target));
        const mark = (on) => root.querySelectorAll(`mark.mention[data-entity="${CSS.escape(`${type}:${e.id}`)}"]`)
          .forEach((m) => m.classList.toggle('pulse', on));
        link.addEventListener('mouseenter', () => mark(true));
        link.addEventListener('mouseleave', () => mark(false));
        link.addEventListener('focus', () => mark(true));
        link.addEventListener('blur', () => mark(false));
        return h('li', null, link, count ? h('span', { class: 'entity-count' }, plural(count, 'mention', 'mentions')) : null);
      })));
  }).filter(Boolean);

  // Highlight toggles (also the colour legend)
  const bodyElement = h('div', { class: 'doc-body', id: 'doc-body', lang: language || null }, built.nodes);
  const legend = h('fieldset', { class: 'legend' }, h('legend', null, 'Highlight'),
    TYPES.map(({ type, title: t }) => {
      const input = h('input', { type: 'checkbox', checked: true, dataset: { type } });
      input.addEventListener('change', () => bodyElement.classList.toggle(`hide-${type}`, !input.checked));
      return h('label', { class: ['legend-item', `legend-${type}`] }, input, h('span', { class: 'swatch', 'aria-hidden': 'true' }), t);
    }));

  // Table of contents
  let toc = null;
  if (built.sections.length > 1) {
    toc = h('nav', { class: 'toc', 'aria-labelledby': 'toc-heading' },
      h('ol', null, built.sections.map((s, i) => {
        const link = h('a', { href: `#sec-${i}`, dataset: { section: String(i) } }, s.label || `Section ${i + 1}`);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          goToSection(root, i);
        });
        return h('li', null, link);
      })));
  }

  const likeState = { ...base, q: '', party: [], region: [], agreement: [], type: [], lang: [], from: '', to: '', like: id, sort: '', page: 1 };
  const more = h('a', { class: 'button more-like', href: hrefFor(likeState) }, 'More like this');
  more.addEventListener('click', (event) => handlers.onNavigate(event, likeState));

  const typeBadge = doc.type ? h('span', { class: ['badge', 'badge-type', `badge-${String(doc.type).replace(/[^a-z0-9-]/gi, '')}`] }, labelFor('type', String(doc.type))) : null;

  const wide = window.matchMedia('(min-width: 56rem)').matches;
  const block = (headingId, heading, ...content) => h('details', { class: 'side-block', open: wide },
    h('summary', null, h('h2', { id: headingId }, heading)), ...content);

  root.append(
    h('nav', { class: 'doc-nav', 'aria-label': 'Document' }, back),
    h('article', { class: 'doc-layout', 'aria-labelledby': 'doc-title', dataset: { id } },
      h('header', { class: 'doc-header' },
        h('p', { class: 'doc-kicker' }, typeBadge, doc.date ? h('time', { class: 'meta-item', datetime: String(doc.date) }, formatDate(String(doc.date))) : null,
          doc.source ? h('span', { class: 'meta-item' }, String(doc.source)) : null),
        h('h1', { id: 'doc-title', tabindex: '-1', lang: language || null }, title),
        h('div', { class: 'doc-actions' }, more)),
      h('aside', { class: 'doc-side', 'aria-label': 'About this document' },
        block('meta-heading', 'Details', h('dl', { class: 'doc-meta' }, metaRows)),
        toc ? block('toc-heading', 'Contents', toc) : null,
        entityGroups.length ? block('entities-heading', 'Filter the search by',
          h('p', { class: 'hint' }, hasFilters(base) || base.q ? 'Adds the filter to the search you came from.' : 'Shows every document that mentions it.'),
          entityGroups, built.mentionCount ? legend : null) : null),
      bodyElement.childNodes.length ? bodyElement : h('p', { class: 'doc-body facet-empty' }, 'This document has no text.')));
  return title;
}

export function goToSection(root, index) {
  const target = root.querySelector(`#sec-${index}`);
  if (!target) return;
  root.querySelectorAll('.doc-section.target').forEach((s) => s.classList.remove('target'));
  target.classList.add('target');
  target.scrollIntoView({ block: 'start', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  target.focus({ preventScroll: true });
}

/** The index of the section with a label (for ?at=Point+4), or -1. */
export function sectionIndex(root, label) {
  const sections = [...root.querySelectorAll('.doc-section[data-label]')];
  return sections.findIndex((s) => s.dataset.label === label) >= 0
    ? Number(sections.find((s) => s.dataset.label === label).id.slice(4))
    : -1;
}

export function renderDocumentError(root, error, state, handlers) {
  clear(root);
  const back = h('a', { class: 'back-link', href: hrefFor(searchPart(state)) }, h('span', { 'aria-hidden': 'true' }, '← '), 'Back to results');
  back.addEventListener('click', handlers.onBack);
  const notFound = error?.status === 404;
  const retry = h('button', { type: 'button', class: 'button' }, 'Try again');
  retry.addEventListener('click', handlers.onRetry);
  root.append(
    h('nav', { class: 'doc-nav', 'aria-label': 'Document' }, back),
    h('div', { class: 'error-state', role: 'alert' },
      h('h1', { id: 'doc-title', tabindex: '-1', class: 'empty-title' }, notFound ? 'Document not found' : 'The document could not be loaded'),
      h('p', null, notFound ? `There is no document with the id “${state.doc}”.` : (error?.message || 'Something went wrong.')),
      notFound ? null : retry));
}

export function renderDocumentLoading(root, state, handlers) {
  clear(root);
  const back = h('a', { class: 'back-link', href: hrefFor(searchPart(state)) }, h('span', { 'aria-hidden': 'true' }, '← '), 'Back to results');
  back.addEventListener('click', handlers.onBack);
  root.append(h('nav', { class: 'doc-nav', 'aria-label': 'Document' }, back),
    h('div', { class: 'loading-state', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading the document…'));
}
