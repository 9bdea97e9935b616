// The page's whole state, and how it maps to the address bar and to API requests.
//
//   /?q=security+guarantees&party=ua&party=us&region=ua-23&from=2025-03&to=2025-05&sort=date&page=2
//   /?like=<doc id>                      "more like this"
//   /?doc=<doc id>&at=Point+4&q=…        the document view (the search it came from stays in the address)

export const PAGE_SIZE = 10;

/** Repeatable filters; the URL and the API use the same parameter names. */
export const LIST_FILTERS = ['party', 'region', 'agreement', 'type', 'lang'];

export function emptyState() {
  return {
    q: '', party: [], region: [], agreement: [], type: [], lang: [],
    from: '', to: '', like: '', sort: '', page: 1, doc: '', at: '',
  };
}

/** Parses a location.search string into a state object (unknown keys are ignored). */
export function parseState(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = params.get('q') ?? '';
  for (const key of LIST_FILTERS) {
    const seen = new Set();
    for (const value of params.getAll(key)) {
      const v = value.trim();
      if (v && !seen.has(v)) {
        seen.add(v);
        state[key].push(v);
      }
    }
  }
  const from = (params.get('from') ?? '').trim();
  const to = (params.get('to') ?? '').trim();
  // Kept even when malformed: the server answers with a 400 that the page shows.
  state.from = from;
  state.to = to;
  state.like = params.get('like') ?? '';
  const sort = params.get('sort') ?? '';
  state.sort = sort === 'relevance' || sort === 'date' ? sort : '';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  state.page = Number.isFinite(page) && page >= 1 && page <= 100000 ? page : 1;
  state.doc = params.get('doc') ?? '';
  state.at = params.get('at') ?? '';
  return state;
}

/** The query string (without '?') for a state; defaults are left out so addresses stay short. */
export function serializeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const key of LIST_FILTERS) {
    for (const value of state[key]) params.append(key, value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.like) params.set('like', state.like);
  if (state.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.doc) params.set('doc', state.doc);
  if (state.at) params.set('at', state.at);
  return params.toString();
}

/** A same-page link (relative, so it works wherever the page is mounted). */
export function hrefFor(state) {
  const query = serializeState(state);
  return query ? `?${query}` : './';
}

/** The search part of a state (what the results view shows), without the document view. */
export function searchPart(state) {
  return { ...state, doc: '', at: '' };
}

/** Adds or removes one value of a repeatable filter; resets paging. */
export function toggleFilter(state, key, value, on) {
  const list = state[key].filter((v) => v !== value);
  if (on) list.push(value);
  return { ...state, [key]: list, page: 1 };
}

export function hasFilters(state) {
  return LIST_FILTERS.some((key) => state[key].length > 0) || Boolean(state.from || state.to || state.like);
}

export function filterCount(state) {
  return LIST_FILTERS.reduce((n, key) => n + state[key].length, 0) +
    (state.from || state.to ? 1 : 0) + (state.like ? 1 : 0);
}

/** The GET /api/search query string for a state. */
export function searchParams(state) {
  const params = new URLSearchParams();
  if (state.like) {
    params.set('more_like', state.like);
  } else {
    params.set('q', state.q);
  }
  for (const key of LIST_FILTERS) {
    for (const value of state[key]) params.append(key, value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort) params.set('sort', state.sort);
  params.set('offset', String((state.page - 1) * PAGE_SIZE));
  params.set('limit', String(PAGE_SIZE));
  return params.toString();
}
