// DOM helpers. Everything that comes from data goes into the page as text (textContent, text
// nodes, attribute values); nothing from data is ever parsed as HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function applyAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (name === 'dataset') {
      for (const [k, v] of Object.entries(value)) element.dataset[k] = String(v);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'style' || name.startsWith('on')) {
      throw new Error(`refusing to set attribute ${name}`);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
}

/** h('a', {href, class}, 'text', child, [children]) — text children become text nodes. */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attrs);
  append(element, children);
  return element;
}

export function svg(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attrs);
  append(element, children);
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an HTML escaper produces (&amp; &lt; &#39; &#x27; …). */
export function decodeEntities(text) {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return Object.hasOwn(NAMED_ENTITIES, ref) ? NAMED_ENTITIES[ref] : whole;
  });
}

/**
 * Builds DOM nodes for a snippet: escaped text with <mark>…</mark> around matches. Only the two
 * exact tags <mark> and </mark> are honoured; every other character, including any other '<',
 * ends up as text, so a snippet can never inject markup.
 */
export function snippetNodes(snippet) {
  const fragment = document.createDocumentFragment();
  let open = null;
  for (const part of String(snippet ?? '').split(/(<\/?mark>)/)) {
    if (part === '<mark>') {
      if (!open) {
        open = document.createElement('mark');
        fragment.appendChild(open);
      }
    } else if (part === '</mark>') {
      open = null;
    } else if (part) {
      (open ?? fragment).appendChild(document.createTextNode(decodeEntities(part)));
    }
  }
  return fragment;
}

/** Only http(s) links leave the page; anything else (javascript:, data:) is dropped. */
export function safeExternalUrl(url) {
  if (!url || typeof url !== 'string') return null;
  try {
    const parsed = new URL(url, 'http://invalid.invalid/');
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== 'invalid.invalid') {
      return parsed.href;
    }
  } catch {
    // not a URL
  }
  return null;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en-GB');

export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) return iso;
  return dateFormat.format(date);
}

/** "2025-03" → "March 2025" (long) or "Mar 2025". */
export function formatMonth(id, long = true) {
  const m = /^(\d{4})-(\d{2})/.exec(id ?? '');
  if (!m) return id ?? '';
  if (Number(m[2]) < 1 || Number(m[2]) > 12) return id;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return (long ? monthFormat : shortMonthFormat).format(date);
}

/** A from/to filter value (YYYY, YYYY-MM or YYYY-MM-DD) for display. */
export function formatPeriodEnd(value) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (/^\d{4}-\d{2}$/.test(value)) return formatMonth(value, false);
  return value;
}

export function formatNumber(n) {
  return numberFormat.format(n);
}

export function plural(n, one, many) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

let languageNames = null;
try {
  languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
} catch {
  languageNames = null;
}

export function languageLabel(code) {
  if (!code) return '';
  try {
    const name = languageNames?.of(code);
    if (name && name !== code) return name;
  } catch {
    // not a language tag
  }
  return code;
}

export function typeLabel(id) {
  if (!id) return '';
  return id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]/g, ' ');
}

/** Labels learnt from API answers, so filter chips read "Ukraine" rather than "ua". */
const labels = new Map();

export function learnLabel(kind, id, label) {
  if (id && label) labels.set(`${kind}:${id}`, label);
}

export function labelFor(kind, id) {
  const known = labels.get(`${kind}:${id}`);
  if (known) return known;
  if (kind === 'lang') return languageLabel(id);
  if (kind === 'type') return typeLabel(id);
  return id;
}

/** Document titles seen, for the "similar to" chip. */
const titles = new Map();
export function learnTitle(id, title) {
  if (id && title) titles.set(id, title);
}
export function titleFor(id) {
  return titles.get(id);
}
