// Real headless Chromium for webview tests and benchmarks, plus esbuild bundles of browser code.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface BrowserBundle {
  js: string;
  css: string;
}

/** Bundles a browser entry point (TypeScript, d3 and all) into one IIFE, in memory. */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: path.join(ROOT, '.bundle-out'),
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}

/** Collects uncaught page errors and console errors, so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file });
  return file;
}

export interface ProbedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors (CSP violations included) and uncaught exceptions, in order. */
  errors: string[];
  close(): Promise<void>;
}

/** A page in its own context (own sessionStorage), errors collected from the first request. */
export async function openPage(
  browser: Browser,
  url: string,
  opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; clipboardOrigin?: string } = {},
): Promise<ProbedPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1100, height: 800 }, colorScheme: opts.colorScheme ?? 'light' });
  if (opts.clipboardOrigin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: opts.clipboardOrigin });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  return { context, page, errors, close: () => context.close() };
}
