import { readdirSync, readFileSync, statSync } from "node:fs"
import { basename, dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import {
  type Diagnostic,
  decodeWithDiagnostics,
  formatPath,
  type ParameterSpec,
  parseJsonText,
  parseYamlText,
} from "@rampart/model"
import { parsePolicy } from "@rampart/scp"
import type { Catalog } from "./catalog.ts"
import { readConformancePackTemplate } from "./conformance-pack-template.ts"
import { contextNames } from "./context.ts"
import type { Guardrail } from "./guardrail.ts"
import { managedRuleByIdentifier } from "./managed-rules/index.ts"
import { GuardrailFile } from "./metadata-schema.ts"
import { placeholdersIn } from "./placeholder.ts"

/** The repository's own catalog: `policies/` and `conformance-packs/` at its root. */
export const defaultCatalogRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** The folders a catalog root holds. */
export const catalogFolders = ["policies", "conformance-packs"] as const

export type LoadedCatalog =
  | { readonly ok: true; readonly catalog: Catalog; readonly warnings: ReadonlyArray<Diagnostic> }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

const metadataSuffix = ".guardrail.yaml"

/**
 * Loads and checks every guardrail under `root` (its `policies/` and `conformance-packs/` folders). File names in
 * diagnostics are relative to `root`. Any error fails the whole load: a half-read catalog is never used.
 */
export const loadCatalog = (root: string = defaultCatalogRoot()): LoadedCatalog => {
  const problems: Diagnostic[] = []
  const warnings: Diagnostic[] = []
  const guardrails: Guardrail[] = []
  const files = catalogFolders.flatMap((folder) => metadataFiles(join(root, folder)))
  for (const path of files) {
    const entry = loadEntry(root, path, problems, warnings)
    if (entry) guardrails.push(entry)
  }
  const byId = new Map<string, Guardrail>()
  for (const guardrail of guardrails) {
    const first = byId.get(guardrail.id)
    if (first) {
      problems.push(
        error(
          guardrail.metadataFile,
          "id",
          "catalog.duplicate-id",
          `id "${guardrail.id}" is also used by ${first.metadataFile}`,
          guardrail.id,
          "give each guardrail its own id",
        ),
      )
    } else byId.set(guardrail.id, guardrail)
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems }
  const sorted = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id))
  return {
    ok: true,
    warnings,
    catalog: {
      guardrails: sorted,
      byId: new Map(sorted.map((g) => [g.id, g])),
      managedRules: managedRuleByIdentifier,
    },
  }
}

const metadataFiles = (folder: string): ReadonlyArray<string> => {
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return []
  }
  return names.sort().flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return metadataFiles(path)
    return name.endsWith(metadataSuffix) ? [path] : []
  })
}

const loadEntry = (
  root: string,
  path: string,
  problems: Diagnostic[],
  warnings: Diagnostic[],
): Guardrail | undefined => {
  const file = relative(root, path)
  const parsed = parseYamlText(readFileSync(path, "utf8"), file)
  if (!parsed.ok) {
    problems.push(...parsed.errors)
    return undefined
  }
  const decoded = decodeWithDiagnostics(GuardrailFile, parsed.source.value, parsed.source, "catalog")
  if (!decoded.ok) {
    problems.push(...decoded.diagnostics)
    return undefined
  }
  const meta = decoded.value
  const stem = basename(path, metadataSuffix)
  if (meta.id !== stem) {
    problems.push(
      error(
        file,
        "id",
        "catalog.id-mismatch",
        `id "${meta.id}" differs from the file name "${stem}"`,
        meta.id,
        `rename the file to ${meta.id}${metadataSuffix} or set id: ${stem}`,
      ),
    )
    return undefined
  }
  const folder = dirname(path)
  const sibling = (
    name: string,
    key: string,
  ): { readonly file: string; readonly text: string } | undefined => {
    const target = join(folder, name)
    try {
      return { file: relative(root, target), text: readFileSync(target, "utf8") }
    } catch {
      problems.push(
        error(
          file,
          key,
          "catalog.missing-file",
          `${name} does not exist beside ${basename(path)}`,
          name,
          `create ${relative(root, target)} or correct "${key}"`,
        ),
      )
      return undefined
    }
  }
  const base = { ...meta, metadataFile: file, parameters: meta.parameters as ReadonlyArray<ParameterSpec> }
  const declared = new Set(meta.parameters.map((p) => p.name))
  // Role parameters are role settings (session duration), so only an SCP's parameters must all appear in its document.
  const checkPlaceholders = (documentFile: string, document: unknown) => {
    const used = new Set<string>()
    for (const { name, path: at } of placeholdersIn(document)) {
      used.add(name)
      if (!declared.has(name) && !(contextNames as ReadonlyArray<string>).includes(name)) {
        problems.push(
          error(
            documentFile,
            formatPath(at),
            "catalog.unknown-placeholder",
            `{{${name}}} is neither a parameter of ${meta.id} nor a context value`,
            name,
            `declare ${name} under parameters in ${file}, or use one of ${contextNames.join(", ")}`,
          ),
        )
      }
    }
    for (const name of meta.kind === "scp" ? declared : []) {
      if (!used.has(name))
        warnings.push({
          ...error(
            file,
            "parameters",
            "catalog.unused-parameter",
            `parameter ${name} is not used by ${documentFile}`,
            name,
            "remove it or use it",
          ),
          severity: "warning",
        })
    }
  }
  const policyJson = (
    found: { readonly file: string; readonly text: string },
    kind: "scp" | "identity" | "trust",
  ): unknown => {
    const json = parseJsonText(found.text, found.file)
    if (!json.ok) {
      problems.push(json.error)
      return undefined
    }
    const policy = parsePolicy(json.value, { kind, file: found.file })
    problems.push(...policy.diagnostics)
    checkPlaceholders(found.file, json.value)
    return policy.document ? json.value : undefined
  }

  switch (meta.kind) {
    case "scp": {
      const found = sibling(meta.document, "document")
      const document = found && policyJson(found, "scp")
      if (!found || document === undefined) return undefined
      return { ...base, kind: "scp", documentFile: found.file, document }
    }
    case "role": {
      const permissions = sibling(meta.permissions, "permissions")
      const trust = sibling(meta.trust, "trust")
      const permissionsDoc = permissions && policyJson(permissions, "identity")
      const trustDoc = trust && policyJson(trust, "trust")
      if (!permissions || !trust || permissionsDoc === undefined || trustDoc === undefined) return undefined
      return {
        ...base,
        kind: "role",
        roleName: meta.roleName,
        permissionsFile: permissions.file,
        permissions: permissionsDoc,
        trustFile: trust.file,
        trust: trustDoc,
      }
    }
    case "conformance-pack": {
      const found = sibling(meta.template, "template")
      if (!found) return undefined
      const read = readConformancePackTemplate(found.text, found.file, managedRuleByIdentifier)
      if (!read.ok) {
        problems.push(...read.diagnostics)
        return undefined
      }
      warnings.push(...read.warnings)
      if (meta.parameters.length > 0) {
        problems.push(
          error(
            file,
            "parameters",
            "catalog.pack-parameters",
            "a conformance pack's parameters are its template's Parameters",
            meta.parameters.map((p) => p.name),
            "move them to the template's Parameters and set parameters: []",
          ),
        )
        return undefined
      }
      const parameters = read.template.parameters.map(
        (p): ParameterSpec => ({
          name: p.name,
          type: p.type === "CommaDelimitedList" ? "string-list" : "string",
          description: p.description ?? "",
          ...(p.default === undefined ? {} : { default: p.default }),
        }),
      )
      return {
        ...base,
        kind: "conformance-pack",
        parameters,
        templateFile: found.file,
        template: read.template,
      }
    }
    case "backup-vault-lock":
      return { ...base, kind: "backup-vault-lock" }
  }
}

const error = (
  file: string,
  path: string,
  code: string,
  message: string,
  value: unknown,
  fix: string,
): Diagnostic => ({
  severity: "error",
  code,
  file,
  path,
  message,
  value,
  fix,
})
