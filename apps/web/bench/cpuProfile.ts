// `pnpm bench:web --profile`: a CPU profile of a phase through the page's CDP session,
// summarised as the functions with the most self time (what a reader of a missed target needs).
import type { Page } from 'playwright';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** Self time per function, most first, from a `Profiler.stop` profile. */
export function topSelfTime(
  profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] },
  limit = 15,
) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, index) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1_000);
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, selfMs: Math.round(ms) }));
}

/** Whether this run profiles (`--profile`); its figures are then slower than a plain run's. */
export const profiling = process.argv.includes('--profile');

/** Run `phase` under the CPU profiler when profiling; the summary, or undefined. */
export async function profiled<T>(page: Page, phase: () => Promise<T>) {
  if (!profiling) return { result: await phase(), profile: undefined };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const result = await phase();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return { result, profile: topSelfTime(profile as Parameters<typeof topSelfTime>[0]) };
}
