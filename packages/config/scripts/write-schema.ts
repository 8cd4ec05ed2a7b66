import { writeFileSync } from "node:fs"
import { rampartJsonSchema } from "../src/json-schema.ts"

const target = new URL("../rampart.schema.json", import.meta.url)
writeFileSync(target, rampartJsonSchema())
console.log(`wrote ${target.pathname}`)
