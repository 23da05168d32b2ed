import { z } from 'zod';

export const modelOutput = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  isDefault: z.boolean(),
});
export type ModelDTO = z.infer<typeof modelOutput>;
