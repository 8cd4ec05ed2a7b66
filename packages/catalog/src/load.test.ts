import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { defaultCatalogRoot, loadCatalog } from "./load.ts"

/** A copy of the shipped catalog that a test may break. */
const catalogCopy = (): string => {
  const root = mkdtempSync(join(tmpdir(), "rampart-catalog-"))
  for (const folder of ["policies", "conformance-packs"])
    cpSync(join(defaultCatalogRoot(), folder), join(root, folder), { recursive: true })
  return root
}

const rewrite = (root: string, file: string, change: (text: string) => string) => {
  const path = join(root, file)
  const before = readFileSync(path, "utf8")
  const after = change(before)
  if (after === before) throw new Error(`the edit of ${file} changed nothing`)
  writeFileSync(path, after)
}

describe("loadCatalog", () => {
  it("loads the shipped catalog: every SCP, pack, role and the vault lock", () => {
    const loaded = loadCatalog()
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2))
    const kinds = Object.groupBy(loaded.catalog.guardrails, (g) => g.kind)
    expect(kinds.scp?.map((g) => g.id)).toEqual([
      "deny-leave-organization",
      "deny-unencrypted-rds",
      "protect-backups",
      "protect-cloudtrail",
      "protect-config",
      "protect-rampart-roles",
    ])
    expect(kinds["conformance-pack"]?.map((g) => g.id)).toEqual(["backup-protection", "rds-security"])
    expect(kinds.role?.map((g) => g.id)).toEqual(["rampart-audit", "rampart-remediation"])
    expect(kinds["backup-vault-lock"]?.map((g) => g.id)).toEqual(["backup-vault-lock"])
    expect(loaded.warnings).toEqual([])
  })

  it("ties every guardrail to the seed documents it answers", () => {
    const loaded = loadCatalog()
    if (!loaded.ok) throw new Error("catalog does not load")
    const seeds = new Set(loaded.catalog.guardrails.flatMap((g) => g.rationale.seeds))
    expect([...seeds].sort()).toEqual(["000", "001", "002", "003", "004"])
  })

  it("reports an SCP file that is not valid JSON with its line and column", () => {
    const root = catalogCopy()
    rewrite(root, "policies/scp/protect-backups.json", (text) =>
      text.replace('"Effect": "Deny",', '"Effect": "Deny"'),
    )
    const loaded = loadCatalog(root)
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics).toHaveLength(1)
    expect(loaded.diagnostics[0]).toMatchObject({
      code: "json.syntax",
      file: "policies/scp/protect-backups.json",
    })
    expect(loaded.diagnostics[0]?.position?.line).toBeGreaterThan(1)
  })

  it("rejects a conformance pack rule whose SourceIdentifier is not in the catalog's list", () => {
    const root = catalogCopy()
    rewrite(root, "conformance-packs/rds-security.yaml", (text) =>
      text.replace("SourceIdentifier: RDS_STORAGE_ENCRYPTED", "SourceIdentifier: RDS_STORAGE_ENCRYPTION"),
    )
    const loaded = loadCatalog(root)
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics[0]).toMatchObject({
      code: "pack.unknown-rule",
      file: "conformance-packs/rds-security.yaml",
      value: "RDS_STORAGE_ENCRYPTION",
      fix: 'did you mean "RDS_STORAGE_ENCRYPTED"?',
    })
    expect(loaded.diagnostics[0]?.path).toMatch(/^Resources\.\w+\.Properties\.Source\.SourceIdentifier$/)
    expect(loaded.diagnostics[0]?.position).toBeDefined()
  })

  it("rejects a placeholder that is neither a parameter nor a context value", () => {
    const root = catalogCopy()
    rewrite(root, "policies/scp/protect-rampart-roles.json", (text) =>
      text.replace("{{roles.audit}}", "{{roles.auditor}}"),
    )
    const loaded = loadCatalog(root)
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics[0]).toMatchObject({
      code: "catalog.unknown-placeholder",
      value: "roles.auditor",
    })
  })

  it("rejects Principal in an SCP of the catalog", () => {
    const root = catalogCopy()
    rewrite(root, "policies/scp/deny-leave-organization.json", (text) =>
      text.replace('"Effect": "Deny",', '"Effect": "Deny", "Principal": "*",'),
    )
    const loaded = loadCatalog(root)
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics[0]).toMatchObject({
      code: "policy.principal-not-allowed",
      file: "policies/scp/deny-leave-organization.json",
    })
  })

  it("rejects metadata with an unknown key or an id that differs from the file name", () => {
    const root = catalogCopy()
    rewrite(root, "policies/scp/protect-config.guardrail.yaml", (text) =>
      text.replace("kind: scp", "kind: scp\nseverity: high"),
    )
    rewrite(root, "policies/scp/protect-cloudtrail.guardrail.yaml", (text) =>
      text.replace("id: protect-cloudtrail", "id: protect-trail"),
    )
    const loaded = loadCatalog(root)
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["catalog.id-mismatch", "policies/scp/protect-cloudtrail.guardrail.yaml"],
      ["catalog.unknown-key", "policies/scp/protect-config.guardrail.yaml"],
    ])
  })
})
