// One name per provider, whatever the convention called it (see genai-conventions: Providers).
const ALIASES: Record<string, string> = {
  'az.ai.openai': 'azure.ai.openai',
  azure: 'azure.ai.openai',
  'azure.chat': 'azure.ai.openai',
  'azure_openai': 'azure.ai.openai',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  'google.vertex': 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  'google.generative-ai': 'gcp.gemini',
  xai: 'x_ai',
  mistralai: 'mistral_ai',
  mistral: 'mistral_ai',
  'ibm.watson.ai': 'ibm.watsonx.ai',
  bedrock: 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  lmstudio: 'lm_studio',
  'lm-studio': 'lm_studio',
  llamacpp: 'llama.cpp',
  'llama-cpp': 'llama.cpp',
};

/** Frameworks that some conventions put where the provider goes. */
const FRAMEWORKS = new Set(['langchain', 'langgraph', 'llamaindex', 'crewai', 'haystack']);

export function normaliseProvider(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let p = name.trim().toLowerCase();
  // Vercel AI SDK: "openai.chat", "openai.responses", "anthropic.messages".
  p = p.replace(/\.(chat|responses|messages|completion|embedding|text)$/, '');
  if (FRAMEWORKS.has(p)) return undefined;
  return ALIASES[p] ?? p;
}

/** Runtimes on the developer's machine: free unless a price is configured. */
export const LOCAL_RUNTIMES = new Set(['ollama', 'llama.cpp', 'vllm', 'lm_studio', 'localai', 'llamafile']);

/** genai-prices provider ids for our normalised names, where they differ. */
export const PRICE_TABLE_PROVIDER: Record<string, string> = {
  'azure.ai.openai': 'azure',
  'gcp.vertex_ai': 'google',
  'gcp.gemini': 'google',
  'aws.bedrock': 'aws',
  x_ai: 'x-ai',
  mistral_ai: 'mistral',
};
