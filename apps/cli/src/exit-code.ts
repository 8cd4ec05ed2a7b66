/** What the process exit status means, for scripts and pipelines. */
export const ExitCode = {
  /** Everything went as asked. */
  ok: 0,
  /** The command ran and found violations (or, for plan, changes). */
  findings: 1,
  /** The input was wrong: arguments, config, policy files. Nothing was changed. */
  badInput: 2,
  /** Something failed while running: AWS, the network, the store. */
  failure: 3,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
