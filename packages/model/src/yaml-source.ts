import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, type Tags } from "yaml"
import type { Diagnostic, SourcePosition } from "./diagnostic.ts"

/** A YAML file read for a person: its plain value, and where each part of it stands in the text. */
export interface YamlSource {
  readonly file: string
  readonly value: unknown
  /** Where the value at `path` starts; with `key`, where its key starts (for unknown or misspelt keys). */
  readonly positionOf: (
    path: ReadonlyArray<PropertyKey>,
    options?: { readonly key?: boolean },
  ) => SourcePosition | undefined
}

export type YamlText =
  | { readonly ok: true; readonly source: YamlSource }
  | { readonly ok: false; readonly errors: ReadonlyArray<Diagnostic> }

export interface YamlOptions {
  /** Extra tags to accept, e.g. CloudFormation's `!Ref`; any other tag is an error. */
  readonly customTags?: Tags
}

/**
 * Parses YAML strictly: duplicate keys and unknown tags are errors, each reported at its line and column.
 * Anchors and aliases are resolved.
 */
export const parseYamlText = (text: string, file: string, options: YamlOptions = {}): YamlText => {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    customTags: options.customTags ?? [],
    strict: true,
  })
  const problems = [...doc.errors, ...doc.warnings]
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((problem) => {
        const position = lineCounter.linePos(problem.pos[0])
        return {
          severity: "error",
          code: "yaml.syntax",
          file,
          path: "",
          message: `not valid YAML: ${problem.message.split("\n")[0]}`,
          position: { line: position.line, column: position.col },
          fix:
            problem.code === "DUPLICATE_KEY"
              ? "remove or rename one of the duplicate keys"
              : problem.code === "TAG_RESOLVE_FAILED"
                ? "write the value without the custom tag"
                : "check indentation, quotes and the `key: value` form at that position",
        } satisfies Diagnostic
      }),
    }
  }
  const positionOf = (
    path: ReadonlyArray<PropertyKey>,
    opts?: { readonly key?: boolean },
  ): SourcePosition | undefined => {
    let node: unknown = doc.contents
    let keyNode: unknown
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        )
        if (!pair) return positionOfNode(node)
        keyNode = pair.key
        node = pair.value
      } else if (isSeq(node) && typeof segment === "number") {
        const next = node.items[segment]
        if (next === undefined) return positionOfNode(node)
        keyNode = undefined
        node = next
      } else {
        return positionOfNode(node)
      }
    }
    return positionOfNode(opts?.key && keyNode ? keyNode : node)
  }
  const positionOfNode = (node: unknown): SourcePosition | undefined => {
    const range = (node as Node | undefined)?.range
    if (!range) return undefined
    const position = lineCounter.linePos(range[0])
    return { line: position.line, column: position.col }
  }
  return { ok: true, source: { file, value: doc.toJS({ maxAliasCount: 100 }), positionOf } }
}
