// GET requests to accord-searchd's JSON API, with a small cache so Back/Forward render at once.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const CACHE_SIZE = 40;
const CACHE_TTL_MS = 60_000;
const cache = new Map(); // url -> {time, data}

/** The cached answer for a URL, if fresh. */
export function cached(url) {
  const entry = cache.get(url);
  if (!entry) return undefined;
  if (Date.now() - entry.time > CACHE_TTL_MS) {
    cache.delete(url);
    return undefined;
  }
  return entry.data;
}

function remember(url, data) {
  cache.delete(url);
  cache.set(url, { time: Date.now(), data });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
}

/** Fetches JSON; throws ApiError for HTTP errors (with the API's {error:{code,message}}). */
export async function getJSON(url, { signal } = {}) {
  const hit = cached(url);
  if (hit !== undefined) return hit;
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The search server cannot be reached.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    body = null;
  }
  if (!response.ok) {
    const err = body && typeof body === 'object' && body.error ? body.error : {};
    throw new ApiError(response.status, String(err.code ?? `http_${response.status}`),
      String(err.message ?? (response.statusText || 'The request failed.')));
  }
  if (body === null || typeof body !== 'object') {
    throw new ApiError(response.status, 'bad_response', 'The server sent an answer the page cannot read.');
  }
  remember(url, body);
  return body;
}

export function searchUrl(query) {
  return `api/search?${query}`;
}

export function documentUrl(id) {
  return `api/doc/${encodeURIComponent(id)}`;
}
