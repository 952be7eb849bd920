// The extension's settings as one typed value, read through an injected getter so this module
// (and the receiver command line built from it) stays free of `vscode` and testable in plain Node.

import type { ReceiverLaunch } from './receiver-manager';
import { NOTIFICATION_MODES, type NotificationMode } from './warning-notices';

export const SECTION = 'llmTraceLens';

export interface PriceSetting {
  pattern: string;
  input: number;
  output: number;
  cachedInput?: number;
}

export interface Settings {
  receiver: { host: string; port: number; grpcPort: number; dataDir: string; autoStart: boolean; allowHosts: string[] };
  retention: { maxTraces: number; maxDiskMb: number; maxAgeHours: number };
  gpu: { intervalMs: number; historyMinutes: number; timeoutMs: number };
  /** `PATTERN=IN,OUT[,CACHED]` strings (objects are turned into that form). */
  prices: string[];
  /** Rule name -> value as the receiver's `--rule NAME=VALUE` takes it. */
  rules: Record<string, string>;
  redactSecrets: boolean;
  forwardTo: string;
  terminal: { injectEnvironment: boolean };
  /** Which newly raised warnings become notifications (editor only, not a receiver setting). */
  notifications: NotificationMode;
  codeLens: { enabled: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  receiver: { host: '127.0.0.1', port: 4318, grpcPort: 4317, dataDir: '', autoStart: true, allowHosts: [] },
  retention: { maxTraces: 20000, maxDiskMb: 1024, maxAgeHours: 168 },
  gpu: { intervalMs: 1000, historyMinutes: 60, timeoutMs: 5000 },
  prices: [],
  rules: {},
  redactSecrets: true,
  forwardTo: '',
  terminal: { injectEnvironment: true },
  notifications: 'all',
  codeLens: { enabled: true },
};

/** Settings whose change needs the receiver restarted (everything but the terminal and autoStart). */
export const RECEIVER_SETTING_KEYS = [
  'receiver.host',
  'receiver.port',
  'receiver.grpcPort',
  'receiver.dataDir',
  'receiver.allowHosts',
  'retention',
  'gpu',
  'prices',
  'warnings.rules',
  'redactSecrets',
  'forwardTo',
] as const;

/** Reads one key below `llmTraceLens` (vscode's WorkspaceConfiguration.get, or a plain object in tests). */
export type SettingGetter = (key: string) => unknown;

export interface ReadSettings {
  settings: Settings;
  /** One line per value that was ignored (the default is used instead). */
  problems: string[];
}

export function readSettings(get: SettingGetter): ReadSettings {
  const problems: string[] = [];
  const d = DEFAULT_SETTINGS;
  const num = (key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max) return v;
    problems.push(`${SECTION}.${key}: expected a number from 0 to ${max}, got ${JSON.stringify(v)}`);
    return fallback;
  };
  const str = (key: string, fallback: string): string => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') return v.trim();
    problems.push(`${SECTION}.${key}: expected a string, got ${JSON.stringify(v)}`);
    return fallback;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    if (typeof v === 'boolean') return v;
    if (v !== undefined && v !== null) problems.push(`${SECTION}.${key}: expected true or false, got ${JSON.stringify(v)}`);
    return fallback;
  };
  const strings = (key: string): string[] => {
    const v = get(key);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x: string) => x.trim()).filter(Boolean);
    problems.push(`${SECTION}.${key}: expected a list of strings`);
    return [];
  };
  const port = (key: string, fallback: number): number => {
    const p = num(key, fallback, 65535);
    if (Number.isInteger(p)) return p;
    problems.push(`${SECTION}.${key}: expected a whole port number, got ${p}`);
    return fallback;
  };
  const host = str('receiver.host', d.receiver.host) || d.receiver.host;
  return {
    settings: {
      receiver: {
        host,
        port: port('receiver.port', d.receiver.port),
        grpcPort: port('receiver.grpcPort', d.receiver.grpcPort),
        dataDir: str('receiver.dataDir', ''),
        autoStart: bool('receiver.autoStart', d.receiver.autoStart),
        allowHosts: strings('receiver.allowHosts'),
      },
      retention: {
        maxTraces: num('retention.maxTraces', d.retention.maxTraces),
        maxDiskMb: num('retention.maxDiskMb', d.retention.maxDiskMb),
        maxAgeHours: num('retention.maxAgeHours', d.retention.maxAgeHours),
      },
      gpu: {
        intervalMs: num('gpu.intervalMs', d.gpu.intervalMs),
        historyMinutes: num('gpu.historyMinutes', d.gpu.historyMinutes),
        timeoutMs: num('gpu.timeoutMs', d.gpu.timeoutMs),
      },
      prices: readPrices(get('prices'), problems),
      rules: readRules(get('warnings.rules'), problems),
      redactSecrets: bool('redactSecrets', d.redactSecrets),
      forwardTo: str('forwardTo', ''),
      terminal: { injectEnvironment: bool('terminal.injectEnvironment', d.terminal.injectEnvironment) },
      notifications: readMode(get('warnings.notifications'), problems),
      codeLens: { enabled: bool('codeLens.enabled', d.codeLens.enabled) },
    },
    problems,
  };
}

function readMode(v: unknown, problems: string[]): NotificationMode {
  if (v === undefined || v === null) return DEFAULT_SETTINGS.notifications;
  if (NOTIFICATION_MODES.includes(v as NotificationMode)) return v as NotificationMode;
  problems.push(`${SECTION}.warnings.notifications: expected "all", "errors" or "off", got ${JSON.stringify(v)}`);
  return DEFAULT_SETTINGS.notifications;
}

function isPriceObject(v: unknown): v is PriceSetting {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const n = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  return typeof o.pattern === 'string' && o.pattern.trim() !== '' && n(o.input) && n(o.output) && (o.cachedInput === undefined || n(o.cachedInput));
}

function readPrices(v: unknown, problems: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${SECTION}.prices: expected a list`);
    return [];
  }
  const out: string[] = [];
  for (const p of v) {
    if (typeof p === 'string' && /^.+=\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?$/.test(p.trim())) out.push(p.trim());
    else if (isPriceObject(p)) out.push(`${p.pattern.trim()}=${[p.input, p.output, ...(p.cachedInput !== undefined ? [p.cachedInput] : [])].join(',')}`);
    else problems.push(`${SECTION}.prices: ignored ${JSON.stringify(p)} (use "pattern=input,output[,cached]" in USD per million tokens)`);
  }
  return out;
}

function readRules(v: unknown, problems: string[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    problems.push(`${SECTION}.warnings.rules: expected an object of rule name to number or "off"`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[name] = String(value);
    else if (value === 'off' || typeof value === 'boolean') out[name] = String(value);
    else problems.push(`${SECTION}.warnings.rules.${name}: expected a number, "off", true or false, got ${JSON.stringify(value)}`);
  }
  return out;
}

/** The receiver's `serve` arguments for these settings (see `llm-trace-lens --help`). */
export function receiverArgs(s: Settings, dataDir: string): string[] {
  const r = s.receiver;
  const args = [
    'serve',
    '--host', r.host,
    '--port', String(r.port),
    '--grpc-port', r.grpcPort === 0 ? 'off' : String(r.grpcPort),
    '--data', dataDir,
    '--max-traces', String(s.retention.maxTraces),
    '--max-disk-mb', String(s.retention.maxDiskMb),
    '--max-age-hours', String(s.retention.maxAgeHours),
    '--gpu-interval-ms', String(s.gpu.intervalMs),
    '--gpu-history-minutes', String(s.gpu.historyMinutes),
    '--gpu-timeout-ms', String(s.gpu.timeoutMs),
  ];
  for (const p of s.prices) args.push('--price', p);
  for (const [name, value] of Object.entries(s.rules)) args.push('--rule', `${name}=${value}`);
  if (!s.redactSecrets) args.push('--no-redact');
  if (s.forwardTo) args.push('--forward', s.forwardTo);
  for (const h of r.allowHosts) args.push('--allow-host', h);
  args.push('--exit-with-parent');
  return args;
}

/** Where apps send OTLP/HTTP. A wildcard bind is still reached on loopback from this machine. */
export function httpEndpoint(s: Settings): string {
  return `http://${clientHost(s.receiver.host)}:${s.receiver.port}`;
}

export function grpcEndpoint(s: Settings): string | null {
  return s.receiver.grpcPort === 0 ? null : `http://${clientHost(s.receiver.host)}:${s.receiver.grpcPort}`;
}

function clientHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Everything the receiver manager needs to start (or find) the receiver for these settings. */
export function receiverLaunch(s: Settings, dataDir: string): ReceiverLaunch {
  return { host: s.receiver.host, port: s.receiver.port, httpEndpoint: httpEndpoint(s), grpcEndpoint: grpcEndpoint(s), args: receiverArgs(s, dataDir) };
}
