import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
export function procSample(pid: number): { cpuSeconds: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { cpuSeconds, rssMb: rssKb / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a process every `everyMs` until stopped: peak RSS and CPU used in between. */
export function watchProcess(pid: number, everyMs = 500) {
  const first = procSample(pid);
  let peakRssMb = first?.rssMb ?? 0;
  let last = first;
  const timer = setInterval(() => {
    const s = procSample(pid);
    if (!s) return;
    last = s;
    peakRssMb = Math.max(peakRssMb, s.rssMb);
  }, everyMs);
  return {
    stop(): { peakRssMb: number; cpuSeconds: number } {
      clearInterval(timer);
      const end = procSample(pid) ?? last;
      return { peakRssMb, cpuSeconds: (end?.cpuSeconds ?? 0) - (first?.cpuSeconds ?? 0) };
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
