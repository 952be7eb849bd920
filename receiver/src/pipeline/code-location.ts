// Where in the app's code a span happened, for "Go to source" and CodeLens: the OpenTelemetry
// `code.*` attributes (both the pre-1.30 and the current names; Logfire and many manual spans set
// them), else the innermost frame of app code in an exception's stack trace (Python or
// JavaScript), skipping frames in installed packages and the runtime itself.
import type { CodeLocation, Span } from '../contract/model';
import { attrMap, num, str, type Plain } from '../genai/values';

const LIBRARY_FRAME =
  /([\\/](site-packages|dist-packages|node_modules|lib[\\/]python\d[\d.]*)[\\/])|^<frozen |^node:|^internal[\\/]|^<anonymous>$|^native$/;

/** `attrs`: the span's attributes as a map, when the caller has built it already. */
export function codeLocation(span: Span, attrs: ReadonlyMap<string, Plain> = attrMap(span.attributes)): CodeLocation | undefined {
  const filepath = str(attrs.get('code.file.path')) ?? str(attrs.get('code.filepath'));
  if (filepath) {
    const loc: CodeLocation = { filepath, from: 'attributes' };
    const line = num(attrs.get('code.line.number')) ?? num(attrs.get('code.lineno'));
    const column = num(attrs.get('code.column.number')) ?? num(attrs.get('code.column'));
    const fn = str(attrs.get('code.function.name')) ?? qualified(str(attrs.get('code.namespace')), str(attrs.get('code.function')));
    if (line !== undefined && line > 0) loc.lineno = Math.floor(line);
    if (column !== undefined && column > 0) loc.column = Math.floor(column);
    if (fn) loc.function = fn;
    return loc;
  }
  for (const e of span.events) {
    if (e.name !== 'exception') continue;
    const trace = str(attrMap(e.attributes).get('exception.stacktrace'));
    const frame = trace ? appFrame(trace) : undefined;
    if (frame) return frame;
  }
  const stack = str(attrs.get('code.stacktrace'));
  return stack ? appFrame(stack) : undefined;
}

function qualified(namespace: string | undefined, fn: string | undefined): string | undefined {
  if (!fn) return undefined;
  return namespace ? `${namespace}.${fn}` : fn;
}

/** The innermost frame outside libraries, from a Python traceback or a V8 stack. */
export function appFrame(stacktrace: string): CodeLocation | undefined {
  const frames: CodeLocation[] = [];
  let python = false;
  for (const line of stacktrace.split(/\r?\n/)) {
    // Python: `  File "/app/agent.py", line 42, in plan` (outermost first)
    const py = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/.exec(line);
    if (py) {
      python = true;
      frames.push(withFunction({ filepath: py[1]!, lineno: Number(py[2]), from: 'stacktrace' }, py[3]));
      continue;
    }
    // V8: `    at plan (/app/agent.js:42:7)`, `    at /app/agent.js:42:7`, `    at async file:///app/a.mjs:1:2`
    const js = /^\s*at (?:async )?(?:(.+?) \()?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (js) {
      const filepath = js[2]!.startsWith('file://') ? decodeURIComponent(js[2]!.slice('file://'.length)) : js[2]!;
      frames.push(withFunction({ filepath, lineno: Number(js[3]), column: Number(js[4]), from: 'stacktrace' }, js[1]));
    }
  }
  // Python prints the innermost frame last, V8 first.
  const innermostFirst = python ? frames.reverse() : frames;
  return innermostFirst.find((f) => !LIBRARY_FRAME.test(f.filepath));
}

function withFunction(loc: CodeLocation, fn: string | undefined): CodeLocation {
  const name = fn?.trim();
  if (name && name !== '<module>' && name !== '<anonymous>') loc.function = name;
  return loc;
}
