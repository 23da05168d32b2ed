import type { ProviderApi } from './provider';

/**
 * Model families known to take images, by wire protocol. A name may carry a router's prefix
 * (`openai/gpt-4o` on OpenRouter) or a tag (`llava:13b` on Ollama): only the last path segment
 * is matched. Anything unknown is assumed blind: a refusal we explain beats the provider's 400.
 */
const SEEING_MODELS: Record<Exclude<ProviderApi, 'echo'>, RegExp> = {
  // OpenAI's vision models, and the open-weight ones compatible servers commonly host.
  openai:
    /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo|gpt-4-vision|gpt-5|o1(?!-mini|-preview)|o3(?!-mini)|o4|claude-|gemini-|gemma-?3|llava|bakllava|llama-?3\.2-vision|llama-?4|pixtral|qwen[\d.]*-?vl|minicpm-v|moondream)|vision/i,
  // Every Claude from the 3 family on (claude-3-*, claude-3-5-*, claude-sonnet-4-*, claude-opus-4-*).
  anthropic: /^claude-(3|[a-z]+-[4-9]|[4-9])/i,
  // Every Gemini model takes images; so do Gemma 3 models served by the Gemini API.
  gemini: /^(gemini-|gemma-3)/i,
};

/** Whether `model` of a provider speaking `api` sees images, when nothing overrides it. */
export function defaultVision(api: ProviderApi, model: string): boolean {
  if (api === 'echo') return true; // it only lists what arrived
  const name = model.split('/').at(-1) ?? model;
  return SEEING_MODELS[api].test(name);
}

/**
 * A provider's `visionModels` override: the models that see images, exactly (`*` at the end of
 * an entry matches any rest, so `["*"]` is all and `[]` is none).
 */
export function matchesVisionList(list: readonly string[], model: string): boolean {
  return list.some((entry) =>
    entry.endsWith('*') ? model.startsWith(entry.slice(0, -1)) : entry === model,
  );
}

/**
 * Images sent to a model that cannot see them. A domain error by shape (`name`, `kind`, `field`):
 * the API maps it to BAD_REQUEST on `attachmentIds` like core's DomainError, which this package
 * cannot import (core depends on it).
 */
export class ModelCannotSeeImagesError extends Error {
  override readonly name = 'DomainError';
  readonly kind = 'BAD_REQUEST';
  readonly field = 'attachmentIds';
  constructor(
    readonly model: string,
    readonly images: string[],
  ) {
    super(
      `The model "${model}" cannot see images (${images.join(', ')}): choose a model with vision, or send the message without them`,
    );
  }
}

/**
 * Refuses images for a model without vision, before anything is stored or sent. `model` is a
 * session's model id; an unknown id is let through (sending reports it). Documents always pass.
 */
export function assertModelCanSee(
  catalog: { resolve(model: string): { id: string; vision: boolean } | undefined },
  model: string,
  attachments: readonly { kind: 'image' | 'document'; name: string }[],
): void {
  const images = attachments.filter((attachment) => attachment.kind === 'image');
  const entry = catalog.resolve(model);
  if (images.length === 0 || !entry || entry.vision) return;
  throw new ModelCannotSeeImagesError(
    entry.id,
    images.map((image) => image.name),
  );
}
