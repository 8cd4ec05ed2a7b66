import type { Catalog } from "@rampart/catalog"
import type { Diagnostic } from "@rampart/model"
import type { RampartFile } from "../schema.ts"

/** What a check sees: the decoded file, the catalog, the time, and a way to report at a path of the file. */
export interface CheckContext {
  readonly config: RampartFile
  readonly catalog: Catalog
  readonly now: Date
  readonly error: (
    path: ReadonlyArray<PropertyKey>,
    code: string,
    message: string,
    value: unknown,
    fix: string,
  ) => void
  readonly warn: (
    path: ReadonlyArray<PropertyKey>,
    code: string,
    message: string,
    value: unknown,
    fix: string,
  ) => void
  /** For problems found by other packages (catalog parameter checks): adds the source position. */
  readonly add: (diagnostic: Diagnostic, path: ReadonlyArray<PropertyKey>) => void
}

/** One semantic rule of rampart.yaml; the schema has already checked shapes and types. */
export interface ConfigCheck {
  readonly name: string
  readonly run: (context: CheckContext) => void
}
