// Replaced at bundle time by scripts/build.mjs; source runs (tests via tsx) report a dev version.
declare const __LLM_TRACE_LENS_VERSION__: string | undefined;

export const VERSION: string =
  typeof __LLM_TRACE_LENS_VERSION__ === 'string' ? __LLM_TRACE_LENS_VERSION__ : '0.0.0-dev';
