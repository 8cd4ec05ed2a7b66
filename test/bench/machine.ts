import { cpus, totalmem } from "node:os"

/** What the numbers were measured on. */
export const describeMachine = (): string => {
  const cores = cpus()
  const model = cores[0]?.model.trim() ?? "unknown CPU"
  return `${model}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}/${process.arch}`
}
