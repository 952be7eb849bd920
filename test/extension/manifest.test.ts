// package.json "contributes" against the code: every command id, the view ids, every setting
// (read by the extension, with the same default, described, and listed in the README).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_RULES } from '../../receiver/src/rules/config';
import { COMMANDS, TRACES_VIEW, VIEW_CONTAINER, WARNINGS_VIEW } from '../../extension/src/ids';
import { DEFAULT_SETTINGS, SECTION, readSettings } from '../../extension/src/settings';

interface Property { default: unknown; description?: string; markdownDescription?: string }
interface Manifest {
  main: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  extensionDependencies?: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; type?: string; name: string }[]>;
    menus: Record<string, { command: string; when: string }[]>;
    configuration: { title: string; properties: Record<string, Property> }[];
  };
}

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Manifest;
const readme = readFileSync(new URL('README.md', root), 'utf8');
const properties = Object.assign({}, ...pkg.contributes.configuration.map((c) => c.properties)) as Record<string, Property>;

describe('extension manifest', () => {
  it('loads the CommonJS bundle on VS Code 1.96 and later, on startup, with no dependencies to fetch', () => {
    assert.equal(pkg.main, './dist/extension/extension.cjs');
    assert.equal(pkg.engines.vscode, '^1.96.0');
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.equal(pkg.extensionDependencies, undefined);
    const png = readFileSync(new URL(pkg.icon, root));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('contributes exactly the commands the code registers, all in one category', () => {
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'LLM Trace Lens');
      assert.ok(readme.includes(`LLM Trace Lens: ${c.title}`), `README lists "${c.title}"`);
    }
  });

  it('has the activity bar container, the traces webview view and the warnings tree after it', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar, [{ id: VIEW_CONTAINER, title: 'LLM Trace Lens', icon: 'extension/media/activity.svg' }]);
    assert.deepEqual(pkg.contributes.views[VIEW_CONTAINER]?.map((v) => [v.id, v.type ?? 'tree']), [[TRACES_VIEW, 'webview'], [WARNINGS_VIEW, 'tree']]);
  });

  it('menus name only contributed commands, and the traces view offers cost and GPU', () => {
    const ids = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const items of Object.values(pkg.contributes.menus)) for (const m of items) assert.ok(ids.has(m.command), m.command);
    const title = pkg.contributes.menus['view/title']!.filter((m) => m.when === `view == ${TRACES_VIEW}`).map((m) => m.command);
    assert.ok(title.includes(COMMANDS.showCostDashboard) && title.includes(COMMANDS.showGpu));
  });

  it('declares every setting the extension reads, with its default and a description, and the README lists it', () => {
    const read = new Set<string>();
    readSettings((key) => void read.add(`${SECTION}.${key}`));
    assert.deepEqual(Object.keys(properties).sort(), [...read].sort());
    const fromManifest = readSettings((key) => properties[`${SECTION}.${key}`]?.default);
    assert.deepEqual(fromManifest, { settings: DEFAULT_SETTINGS, problems: [] });
    for (const [key, p] of Object.entries(properties)) {
      assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} is described`);
      assert.ok(readme.includes(`\`${key}\``), `README lists ${key}`);
    }
  });

  it('lists every warning rule in the rules setting', () => {
    const text = properties[`${SECTION}.warnings.rules`]!.markdownDescription!;
    const names = [...Object.keys(DEFAULT_RULES).filter((k) => k !== 'anomaly'), ...Object.keys(DEFAULT_RULES.anomaly).map((k) => `anomaly.${k}`)];
    for (const n of names) assert.ok(text.includes(`\`${n}\``), n);
  });
});
