'use server';
import { isDomainError } from '@chatbot/core';
import { registerWithPassword } from '@chatbot/core/accounts';
import { registerInput } from '@chatbot/core/schemas';
import { headers } from 'next/headers';
import { getApp } from '@/server/app';
import { requestClientIp } from '@/server/clientAddress';

export type RegisterResult = { ok: true } | { ok: false; field?: string; message: string };

/**
 * Create the account; the form then signs in with the same credentials. The same registration
 * as auth.register, its per-address limit included (the form is no way around it).
 */
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
  const ip = requestClientIp(await headers(), app.config.http.trustProxy);
  try {
    await registerWithPassword(
      { prisma: app.database.prisma, rateLimits: app.rateLimits },
      { ...parsed.data, ip },
    );
    return { ok: true };
  } catch (error) {
    if (isDomainError(error) && error.kind === 'TOO_MANY_REQUESTS')
      return {
        ok: false,
        message: `Too many attempts, try again in ${error.retryAfterSeconds ?? 60} s`,
      };
    const field = (error as { field?: string }).field;
    if (field) return { ok: false, field, message: (error as Error).message };
    throw error;
  }
}
