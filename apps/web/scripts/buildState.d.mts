export const webDir: string;
export function buildIsStale(): boolean;
