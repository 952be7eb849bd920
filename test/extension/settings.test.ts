// Settings -> receiver command line: defaults, every setting mapped to its flag, bad values
// ignored with a problem line (receiver-manager.test.ts runs the real receiver with them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, grpcEndpoint, httpEndpoint, readSettings, receiverArgs, type SettingGetter } from '../../extension/src/settings';
import { CUSTOM } from './custom-settings';

const from = (values: Record<string, unknown>): SettingGetter => (key) => values[key];

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('settings', () => {
  it('defaults to the receiver defaults when nothing is set', () => {
    const { settings, problems } = readSettings(from({}));
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
    assert.deepEqual(receiverArgs(settings, '/d'), [
      'serve', '--host', '127.0.0.1', '--port', '4318', '--grpc-port', '4317', '--data', '/d',
      '--max-traces', '20000', '--max-disk-mb', '1024', '--max-age-hours', '168',
      '--gpu-interval-ms', '1000', '--gpu-history-minutes', '60', '--gpu-timeout-ms', '5000',
      '--exit-with-parent',
    ]);
    assert.equal(httpEndpoint(settings), 'http://127.0.0.1:4318');
    assert.equal(grpcEndpoint(settings), 'http://127.0.0.1:4317');
  });

  it('maps every setting to its flag', () => {
    const { settings, problems } = readSettings(from(CUSTOM));
    assert.deepEqual(problems, []);
    assert.equal(settings.receiver.autoStart, false);
    assert.equal(settings.terminal.injectEnvironment, false);
    const args = receiverArgs(settings, settings.receiver.dataDir);
    assert.deepEqual(flagValues(args, '--port'), ['14318']);
    assert.deepEqual(flagValues(args, '--grpc-port'), ['off']);
    assert.deepEqual(flagValues(args, '--data'), ['/tmp/ltl-data']);
    assert.deepEqual(flagValues(args, '--allow-host'), ['devbox', 'my-container']);
    assert.deepEqual(flagValues(args, '--max-traces'), ['50']);
    assert.deepEqual(flagValues(args, '--max-disk-mb'), ['64']);
    assert.deepEqual(flagValues(args, '--max-age-hours'), ['2.5']);
    assert.deepEqual(flagValues(args, '--gpu-interval-ms'), ['0']);
    assert.deepEqual(flagValues(args, '--gpu-history-minutes'), ['5']);
    assert.deepEqual(flagValues(args, '--gpu-timeout-ms'), ['750']);
    assert.deepEqual(flagValues(args, '--price'), ['gpt-4o*=2.5,10,1.25', 'ollama/*=0,0', 'claude-*=3,15,0.3']);
    assert.deepEqual(flagValues(args, '--rule'), ['callLatencyMs=5000', 'sessionBudgetUsd=2', 'gpuTemperatureC=off', 'callError=false']);
    assert.ok(args.includes('--no-redact'));
    assert.deepEqual(flagValues(args, '--forward'), ['http://127.0.0.1:9/']);
    assert.equal(args.at(-1), '--exit-with-parent');
    assert.equal(grpcEndpoint(settings), null);
  });

  it('ignores bad values with one problem line each and keeps the defaults', () => {
    const { settings, problems } = readSettings(
      from({
        'receiver.port': 70000,
        'receiver.grpcPort': 'x',
        'retention.maxTraces': -1,
        'receiver.autoStart': 'yes',
        prices: ['gpt-4o', { pattern: 'x' }],
        'warnings.rules': { callLatencyMs: 'slow' },
        'receiver.allowHosts': 'devbox',
      }),
    );
    assert.equal(settings.receiver.port, 4318);
    assert.equal(settings.receiver.grpcPort, 4317);
    assert.equal(settings.retention.maxTraces, 20000);
    assert.equal(settings.receiver.autoStart, true);
    assert.deepEqual(settings.prices, []);
    assert.deepEqual(settings.rules, {});
    assert.deepEqual(settings.receiver.allowHosts, []);
    assert.equal(problems.length, 8, problems.join('\n'));
    assert.match(problems.join('\n'), /llmTraceLens\.receiver\.port: expected a number from 0 to 65535, got 70000/);
    assert.match(problems.join('\n'), /llmTraceLens\.warnings\.rules\.callLatencyMs/);
  });

  it('gives endpoints on loopback for a wildcard bind', () => {
    const { settings } = readSettings(from({ 'receiver.host': '0.0.0.0', 'receiver.port': 5000 }));
    assert.equal(httpEndpoint(settings), 'http://127.0.0.1:5000');
  });
});
