// The browser tests' harness: builds an index, starts accord-searchd on a free port, launches
// Debian's Chromium through playwright-core, and guards every page: a request to another
// origin, a console error, an uncaught exception or a dialog fails the test that caused it.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Options from the command line (ctest passes them) or the environment, with defaults for a dev tree. */
export function parseOptions(argv = process.argv.slice(2)) {
  const source = path.resolve(here, '..', '..');
  const options = {
    index: process.env.ACCORD_INDEX_BIN ?? path.join(source, 'build/release/bin/accord-index'),
    searchd: process.env.ACCORD_SEARCHD_BIN ?? path.join(source, 'build/release/bin/accord-searchd'),
    source: process.env.ACCORD_SOURCE_DIR ?? source,
    artifacts: process.env.ACCORD_E2E_ARTIFACTS ?? path.join(here, 'artifacts'),
    chromium: process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(index|searchd|source|artifacts|chromium)(?:=(.*))?$/.exec(argv[i]);
    if (match) options[match[1]] = match[2] ?? argv[++i];
  }
  for (const key of ['source', 'artifacts']) options[key] = path.resolve(options[key]);
  return options;
}

function must(condition, message) {
  if (!condition) throw new Error(message);
}

/** Indexes data/sample plus the e2e fixtures into a fresh database under `dir`. */
export function buildIndex(options, dir) {
  must(fs.existsSync(options.index), `accord-index not found at ${options.index}`);
  const db = path.join(dir, 'db');
  const fixtures = path.join(options.source, 'tests/fixtures/e2e');
  const inputs = [path.join(options.source, 'data/sample'),
    ...fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(fixtures, f))];
  const result = spawnSync(options.index, ['--db', db, '--json', ...inputs], { encoding: 'utf8', timeout: 120_000 });
  must(result.status === 0, `accord-index failed (${result.status}): ${result.stderr}`);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop());
  must(summary.documents > 20, `expected the sample corpus in the index, got ${result.stdout}`);
  return { db, documents: summary.documents };
}

/** Starts accord-searchd on port 0 and reads the address from its first log line. */
export async function startServer(options, db, logFile) {
  must(fs.existsSync(options.searchd), `accord-searchd not found at ${options.searchd}`);
  must(fs.existsSync(path.join(options.source, 'web/index.html')), 'web/index.html is missing');
  const child = spawn(options.searchd, ['--db', db, '--web', path.join(options.source, 'web'), '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(logFile);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const closed = new Promise((resolve) => child.once('close', () => log.end(resolve)));
  const url = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`accord-searchd did not say where it listens:\n${buffer}`)), 20_000);
    const onData = (chunk) => {
      buffer += chunk;
      const match = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(`${match[1]}/`);
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`accord-searchd exited with ${code} before serving:\n${buffer}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(timer);
    }
    await closed;
  };
  return { url, stop, child };
}

export async function launchBrowser(options, dir) {
  must(fs.existsSync(options.chromium), `Chromium not found at ${options.chromium}`);
  const userDataDir = fs.mkdtempSync(path.join(dir, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: DESKTOP,
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

/**
 * Every request from the browser must go to the test server. Records the others (and aborts
 * them), so a test can assert there were none.
 */
export async function guardNetwork(context, baseUrl) {
  const origin = new URL(baseUrl).origin;
  const external = [];
  const requested = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
      return route.fallback();
    }
    external.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = request.url();
    requested.push(url);
    if (!(url.startsWith('data:') || url.startsWith('blob:') || url.startsWith(origin))) {
      if (!external.includes(url)) external.push(url);
    }
  });
  return { external, requested };
}

/**
 * A new page whose console errors, uncaught errors and dialogs are recorded. `check()` throws
 * if any happened (except console messages matching `allow`).
 */
export async function openPage(context, viewport = DESKTOP) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  const allowed = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`console error: ${text} (${message.location().url ?? ''})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  return {
    page,
    /** Console errors matching this pattern are expected (e.g. the 404 of a missing document). */
    allow(re) {
      allowed.push(re);
    },
    check() {
      if (problems.length) throw new Error(`the page reported problems:\n  ${problems.join('\n  ')}`);
    },
  };
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeViolations(page, context = 'body') {
  const source = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async (selector) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(selector, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, context);
  return result;
}

export async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
