import type { RolloutStatusView } from "@rampart/rollout"
import type { Output } from "../../output.ts"

/** A rollout's status as a person reads it: the rollout, then each wave with its gates and targets. */
export const printStatus = (out: Output, view: RolloutStatusView, verbose: boolean): void => {
  const r = view.rollout
  out.stdout(
    `rollout ${r.id}: ${r.status}${r.message ? ` (${r.message})` : ""}\n  started by ${r.startedBy} at ${r.startedAt}\n`,
  )
  for (const wave of view.waves) {
    const changes = wave.plannedChanges === undefined ? "" : `, ${wave.plannedChanges} changes planned`
    out.stdout(
      `\n  wave ${wave.name}: ${wave.state}${changes}${wave.approvedBy ? `, approved by ${wave.approvedBy}` : ""}\n`,
    )
    for (const gate of wave.gates)
      out.stdout(`    ${gate.passed ? "passed" : "FAILED"} ${gate.gate}: ${gate.reason}\n`)
    const failed = wave.targets.filter((t) => t.failed > 0)
    const shown = verbose ? wave.targets : failed
    if (wave.targets.length > 0)
      out.stdout(
        `    ${wave.targets.length} targets: ${wave.targets.reduce((n, t) => n + t.applied, 0)} changes applied, ${wave.targets.reduce((n, t) => n + t.failed, 0)} failed, ${wave.targets.reduce((n, t) => n + t.rolledBack, 0)} rolled back\n`,
      )
    for (const target of shown) {
      out.stdout(
        `    ${target.target}: ${target.applied} applied, ${target.failed} failed, ${target.rolledBack} rolled back, ${target.pending} in flight\n`,
      )
      for (const message of target.messages) out.stdout(`      ${message}\n`)
    }
  }
  if (view.restorations.restored > 0 || view.restorations.skipped.length > 0) {
    out.stdout(
      `\n  rollback: ${view.restorations.restored} restored, ${view.restorations.skipped.length} could not be\n`,
    )
    for (const s of view.restorations.skipped) out.stdout(`    ${s.key}: ${s.message ?? ""}\n`)
  }
}
