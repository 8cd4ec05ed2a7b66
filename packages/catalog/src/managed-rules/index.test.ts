import { describe, expect, it } from "vitest"
import { managedRuleByIdentifier, managedRules } from "./index.ts"

const identifiers = managedRules.map((rule) => rule.identifier)

describe("managed rule registry", () => {
  it("lists every rule once, under a unique identifier", () => {
    expect(new Set(identifiers).size).toBe(identifiers.length)
    expect(managedRuleByIdentifier.size).toBe(managedRules.length)
    for (const rule of managedRules) expect(managedRuleByIdentifier.get(rule.identifier)).toBe(rule)
  })

  it("is sorted by identifier", () => {
    expect(identifiers).toEqual([...identifiers].sort())
  })

  it("uses AWS source identifiers", () => {
    for (const identifier of identifiers) expect(identifier).toMatch(/^[A-Z0-9]+(_[A-Z0-9]+)*$/)
  })

  it("describes every rule and every parameter", () => {
    for (const rule of managedRules) {
      expect(rule.description.trim(), rule.identifier).not.toBe("")
      expect(rule.resourceTypes.length, rule.identifier).toBeGreaterThan(0)
      for (const parameter of rule.parameters) {
        expect(parameter.description.trim(), `${rule.identifier}.${parameter.name}`).not.toBe("")
      }
    }
  })

  it("gives parameter names in AWS's camelCase, unique within a rule", () => {
    for (const rule of managedRules) {
      const names = rule.parameters.map((parameter) => parameter.name)
      expect(new Set(names).size, rule.identifier).toBe(names.length)
      for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/)
    }
  })

  it("declares account-level scope only for periodic rules", () => {
    for (const rule of managedRules) {
      if (rule.resourceTypes.includes("AWS::::Account"))
        expect(rule.trigger, rule.identifier).toBe("periodic")
    }
  })
})
