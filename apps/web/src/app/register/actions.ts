'use server';
import { createUser } from '@chatbot/core/accounts';
import { registerInput } from '@chatbot/core/schemas';
import { getApp } from '@/server/app';

export type RegisterResult = { ok: true } | { ok: false; field?: string; message: string };

/** Create the account; the form then signs in with the same credentials. */
export async function registerAction(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<RegisterResult> {
  const parsed = registerInput.safeParse({ ...input, name: input.name || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] ? String(issue.path[0]) : undefined;
    return {
      ok: false,
      field,
      message: `${field ? `${field[0]!.toUpperCase()}${field.slice(1)} ` : ''}${issue?.message ?? 'is invalid'}`,
    };
  }
  const app = await getApp();
  try {
    await createUser(app.database.prisma, parsed.data);
    return { ok: true };
  } catch (error) {
    const field = (error as { field?: string }).field;
    if (field) return { ok: false, field, message: (error as Error).message };
    throw error;
  }
}
