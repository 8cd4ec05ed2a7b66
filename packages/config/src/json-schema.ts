import { Schema } from "effect"
import { RampartFile } from "./schema.ts"

/** The JSON Schema of rampart.yaml for editors (`# yaml-language-server: $schema=...`), as text. */
export const rampartJsonSchema = (): string => {
  const document = Schema.toJsonSchemaDocument(RampartFile, { onExcessProperty: "error" })
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: "Generated from packages/config/src/schema.ts by `npm run schema`; do not edit.",
    ...document.schema,
    ...(Object.keys(document.definitions).length > 0 ? { $defs: document.definitions } : {}),
  }
  return `${JSON.stringify(schema, null, 2)}\n`
}
