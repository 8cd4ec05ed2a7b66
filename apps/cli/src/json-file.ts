import { readFileSync } from "node:fs"
import { type Diagnostic, parseJsonText } from "@rampart/model"

export type JsonFile =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

/** Reads a JSON file a person wrote; a missing file or bad JSON is a diagnostic with the position. */
export const readJsonFile = (path: string): JsonFile => {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "file.unreadable",
          file: path,
          path: "",
          message:
            code === "ENOENT"
              ? "the file does not exist"
              : code === "EISDIR"
                ? "this is a folder, not a file"
                : String(cause),
          fix: "check the path",
        },
      ],
    }
  }
  const parsed = parseJsonText(text, path)
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, diagnostics: [parsed.error] }
}
