import type { Command } from "../../command.ts"
import { lintCommand } from "./lint.ts"
import { packCommand } from "./pack.ts"
import { replayCommand } from "./replay.ts"
import { simulateCommand } from "./simulate.ts"

export const scpCommand: Command = {
  name: "scp",
  summary: "Service control policies: simulate, pack, lint and replay CloudTrail for impact.",
  subcommands: [lintCommand, simulateCommand, packCommand, replayCommand],
}
