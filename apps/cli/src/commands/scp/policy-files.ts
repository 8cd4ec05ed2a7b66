import { readdirSync, readFileSync, statSync } from "node:fs"
import { basename, join } from "node:path"
import { type Diagnostic, parseJsonText } from "@rampart/model"
import { type PolicyDocument, parsePolicy } from "@rampart/scp"

/** A policy file read from disk: its name, path, text as written, raw JSON and parsed document. */
export interface PolicyFile {
  readonly name: string
  readonly file: string
  readonly text: string
  readonly json: unknown
  readonly document: PolicyDocument
}

/** Expands files and folders (searched for *.json) into a sorted list of files. */
const expand = (path: string): string[] => {
  try {
    if (!statSync(path).isDirectory()) return [path]
  } catch {
    return [path]
  }
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name)
      return statSync(child).isDirectory() ? expand(child) : name.endsWith(".json") ? [child] : []
    })
}

/** Reads SCP files named on the command line; every unreadable, non-JSON or invalid policy is a diagnostic. */
export const readPolicyFiles = (
  paths: ReadonlyArray<string>,
): { readonly files: PolicyFile[]; readonly problems: Diagnostic[] } => {
  const files: PolicyFile[] = []
  const problems: Diagnostic[] = []
  for (const file of paths.flatMap(expand)) {
    let text: string
    try {
      text = readFileSync(file, "utf8")
    } catch {
      problems.push({
        severity: "error",
        code: "file.unreadable",
        file,
        path: "",
        message: "the file cannot be read (missing?)",
        fix: "check the path",
      })
      continue
    }
    const json = parseJsonText(text, file)
    if (!json.ok) {
      problems.push(json.error)
      continue
    }
    const parsed = parsePolicy(json.value, { kind: "scp", file })
    problems.push(...parsed.diagnostics)
    if (parsed.document)
      files.push({ name: basename(file, ".json"), file, text, json: json.value, document: parsed.document })
  }
  if (paths.length > 0 && files.length === 0 && problems.length === 0) {
    problems.push({
      severity: "error",
      code: "file.none",
      file: paths.join(", "),
      path: "",
      message: "no .json policy files found",
      fix: "name policy files or folders that hold them",
    })
  }
  return { files, problems }
}
