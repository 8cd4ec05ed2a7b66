import { attachmentSlotsCheck } from "./attachment-slots.ts"
import { boolWithoutNullCheck } from "./bool-without-null.ts"
import { globalConditionKeyCheck } from "./global-condition-key.ts"
import type { LintCheck } from "./lint-check.ts"
import { neverMatchesCheck } from "./never-matches.ts"
import { ouDepthCheck } from "./ou-depth.ts"
import { redundantStatementCheck } from "./redundant-statement.ts"
import { sizeCheck } from "./size.ts"
import { unknownActionCheck } from "./unknown-action.ts"
import { versionCheck } from "./version.ts"

/** Every SCP lint check, in the order their findings are reported. */
export const lintChecks: ReadonlyArray<LintCheck> = [
  sizeCheck,
  versionCheck,
  unknownActionCheck,
  globalConditionKeyCheck,
  neverMatchesCheck,
  boolWithoutNullCheck,
  redundantStatementCheck,
  attachmentSlotsCheck,
  ouDepthCheck,
]
