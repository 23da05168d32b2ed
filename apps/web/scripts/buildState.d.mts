export const webDir: string;
export function buildIsStale(): boolean;
export function buildRecordingSources(build: () => boolean): boolean;
