import { minify, policyCharacters } from "../../size.ts"
import type { LintSubject } from "../lint-check.ts"
import { policyJson } from "./policy-json.ts"

/** A document's size as given and as it would be sent minified. */
export interface DocumentSize {
  readonly characters: number
  readonly minifiedCharacters: number
}

const sizes = new WeakMap<LintSubject, DocumentSize>()

/**
 * Counts the characters the quota counts. With text, the text as given and the same JSON minified; without text,
 * the document written compactly (which is what Rampart sends).
 */
export const documentSize = (subject: LintSubject): DocumentSize => {
  const known = sizes.get(subject)
  if (known) return known
  let minified: number
  try {
    minified = subject.text === undefined ? Number.NaN : minify(JSON.parse(subject.text)).length
  } catch {
    minified = Number.NaN
  }
  if (Number.isNaN(minified)) minified = minify(policyJson(subject.document)).length
  const size = {
    characters: subject.text === undefined ? minified : policyCharacters(subject.text),
    minifiedCharacters: minified,
  }
  sizes.set(subject, size)
  return size
}
