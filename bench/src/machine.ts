// The machine a run measured on and how busy it was: other work on the machine skews every
// figure, so each run prints both and a scenario started on an overloaded machine says so.
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The 1-minute load average when a scenario started, and whether it exceeded the cores. */
export interface LoadAtStart {
  loadAverage1m: number;
  cpus: number;
  underLoad: boolean;
}

export function loadNow(): LoadAtStart {
  const cpus = os.availableParallelism();
  const loadAverage1m = Number(os.loadavg()[0]!.toFixed(2));
  return { loadAverage1m, cpus, underLoad: loadAverage1m > cpus };
}

export function describeLoad(load: LoadAtStart): string {
  return load.underLoad
    ? `started at load average ${load.loadAverage1m} > ${load.cpus} cores: measured UNDER LOAD`
    : `started at load average ${load.loadAverage1m} (${load.cpus} cores)`;
}
