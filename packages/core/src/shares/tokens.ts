import { randomBytes } from 'node:crypto';

/** 24 random bytes: 192 bits, 32 base64url characters. */
const TOKEN_BYTES = 24;

export const newShareToken = () => randomBytes(TOKEN_BYTES).toString('base64url');

/** The shape every token this module ever made has; anything else cannot be a link. */
export const isShareTokenShaped = (token: string) => /^[A-Za-z0-9_-]{32}$/.test(token);
