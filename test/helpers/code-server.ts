// A real VS Code for end-to-end tests: code-server (VS Code for the web, installed by
// scripts/setup-code-server.sh) with a fresh profile per run, the extension installed from its
// VSIX, and the workbench opened in headless Chromium.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser, ROOT, SCREENSHOTS } from './browser';
import { eventually, freePort, removeDir, tempDir } from './receiver-process';

export const CODE_SERVER_HOME = process.env.LLM_TRACE_LENS_CODE_SERVER_HOME ?? path.join(os.homedir(), '.cache/llm-trace-lens/code-server');
const NODE24 = path.join(CODE_SERVER_HOME, 'node_modules/.bin/node');
const ENTRY = path.join(CODE_SERVER_HOME, 'node_modules/code-server/out/node/entry.js');

/** Settings every run needs so that nothing but the extension under test draws on the screen. */
const BASE_SETTINGS: Record<string, unknown> = {
  'remote.autoForwardPorts': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface CodeServer {
  url: string;
  /** The folder the workbench opens. */
  folder: string;
  userDataDir: string;
  /** The server's stdout and stderr so far. */
  output(): string;
  /** Ends code-server's whole process group (as a terminal closing it would) and removes its dirs. */
  stop(): Promise<void>;
}

function codeServerArgs(userDataDir: string, extensionsDir: string): string[] {
  return [ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check'];
}

export async function startCodeServer(opts: { vsix: string; settings: Record<string, unknown> }): Promise<CodeServer> {
  if (!existsSync(ENTRY) || !existsSync(NODE24)) throw new Error(`code-server is not installed in ${CODE_SERVER_HOME}: run scripts/setup-code-server.sh`);
  const base = await tempDir('ltl-e2e-');
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  const folder = path.join(base, 'workspace');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'README.md'), '# e2e workspace\n');
  await writeFile(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2));
  // code-server refuses other Node majors: its own Node goes first on PATH for any child it runs.
  const env = { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH ?? ''}` };
  await promisify(execFile)(NODE24, [...codeServerArgs(userDataDir, extensionsDir), '--install-extension', opts.vsix, '--force'], {
    env,
    timeout: 120000,
  });

  const port = await freePort();
  // detached: its own process group (setsid), so stop() reaches the file watcher, the extension
  // host and everything they started, and nothing here inherits a stray signal.
  const child: ChildProcess = spawn(
    NODE24,
    [...codeServerArgs(userDataDir, extensionsDir), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-workspace-trust', folder],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pgid = child.pid!;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Everything in the group ended on SIGTERM.
    }
    await removeDir(base);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => child.exitCode === null && (await fetch(`${url}/healthz`)).ok, 30000);
  } catch (err) {
    await stop();
    throw new Error(`code-server did not answer /healthz: ${String(err)}\n${out}`);
  }
  return { url, folder, userDataDir, output: () => out, stop };
}

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Console errors and page errors of the workbench page, for diagnostics. */
  errors: string[];
}

/** Opens the workbench for the server's folder in headless Chromium and waits until it is drawn. */
export async function openWorkbench(cs: CodeServer): Promise<Workbench> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(cs.folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return { browser, page, errors };
}

export interface WebviewQuery {
  /** `publisher.name` of the extension that owns the webview. */
  extensionId: string;
  /** A sidebar or panel view (`vscode.WebviewView`), or an editor tab (`vscode.WebviewPanel`). */
  kind: 'view' | 'panel';
  /** An element the webview's own document must hold. */
  selector: string;
  /** A further condition on the frame (its text, say). */
  accept?: (frame: Frame) => Promise<boolean>;
  timeoutMs?: number;
}

/**
 * The frame that holds a webview's own document. It sits two frames down: the workbench's
 * pre/index.html (whose URL names the extension, with `purpose=webviewView` for a view and no
 * purpose for an editor panel), then fake.html with the extension's HTML. It appears a few
 * seconds after its view is shown, so this polls.
 */
export async function webviewFrame(page: Page, q: WebviewQuery): Promise<Frame> {
  const timeoutMs = q.timeoutMs ?? 30000;
  return waitFor(async () => {
    for (const frame of page.frames()) {
      const host = frame.parentFrame();
      if (!host) continue;
      const params = new URL(host.url()).searchParams;
      const purpose = params.get('purpose');
      if (params.get('extensionId')?.toLowerCase() !== q.extensionId.toLowerCase()) continue;
      if (q.kind === 'view' ? purpose !== 'webviewView' : purpose !== null) continue;
      try {
        if ((await frame.$(q.selector)) && (!q.accept || (await q.accept(frame)))) return frame;
      } catch {
        // A frame can detach while it is searched (a webview reloading): look again next round.
      }
    }
    return undefined;
  }, timeoutMs, `a webview ${q.kind} of ${q.extensionId} with ${q.selector}`);
}

/** Polls `fn` every 200 ms until it gives a truthy value; the browser needs the CPU more than we do. */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The text of a frame's body, '' if it detached. */
export async function frameText(frame: Frame): Promise<string> {
  try {
    return await frame.locator('body').innerText();
  } catch {
    return '';
  }
}

let shot = 0;
/** Saves test-artifacts/screenshots/PREFIX-NN-NAME.png (prefix `e2e` unless given) and returns its path. */
export async function screenshot(page: Page, name: string, prefix = 'e2e'): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${prefix}-${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The notification toasts on screen, as text, whose icon is `codicon` (`error`, `warning`, `info`). */
export async function toastTexts(page: Page, codicon: 'error' | 'warning' | 'info'): Promise<string[]> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  return toasts.filter({ has: page.locator(`.codicon-${codicon}`) }).allInnerTexts();
}

/**
 * Types `text` into a quick input opened with `key` (F1: the command palette, Control+P: quick
 * open) and presses Enter once its first row's label starts with `rowStart`.
 */
export async function quickInput(page: Page, key: string, text: string, rowStart: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press(key);
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  const firstRow = async (): Promise<string> =>
    (await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
  await waitFor(async () => (await firstRow()).startsWith(rowStart), 15000, `"${rowStart}" first in the quick input after typing "${text}"`);
  await page.keyboard.press('Enter');
}

/** Runs a command by its palette title ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await quickInput(page, 'F1', `>${title}`, title);
}
