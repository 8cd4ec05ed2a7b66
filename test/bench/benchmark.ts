/** One number a benchmark measured, with the target it is held to when there is one. */
export interface Measurement {
  readonly metric: string
  readonly value: number
  readonly unit: string
  /** A human statement of the target, e.g. "< 10 s"; `met` says whether the value meets it. */
  readonly target?: { readonly text: string; readonly met: boolean }
}

/** A benchmark: what it measures, how, and the code that measures it. */
export interface Benchmark {
  readonly name: string
  /** How the numbers are obtained: workload, repetitions, statistic. */
  readonly method: string
  readonly run: () => Promise<ReadonlyArray<Measurement>>
}

/** Runs `work` `rounds` times after `warmup` rounds and returns the sorted durations in milliseconds. */
export const sampleMilliseconds = async (
  work: () => unknown,
  rounds: number,
  warmup = Math.ceil(rounds / 10),
): Promise<number[]> => {
  for (let i = 0; i < warmup; i++) await work()
  const samples: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint()
    await work()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return samples.sort((a, b) => a - b)
}

/** The q-quantile (0..1) of sorted samples. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? Number.NaN
