import type { RuleEvaluation } from "@rampart/model"

/** AWS Config rejects evaluation annotations longer than this (PutEvaluations `Annotation`, 1..256 characters). */
export const maxAnnotationLength = 256

const truncateAnnotation = (annotation: string): string =>
  annotation.length <= maxAnnotationLength ? annotation : `${annotation.slice(0, maxAnnotationLength - 1)}…`

/** The resource meets the rule; the annotation, when given, says what was checked. */
export const compliant = (annotation?: string): RuleEvaluation =>
  annotation === undefined
    ? { compliance: "COMPLIANT" }
    : { compliance: "COMPLIANT", annotation: truncateAnnotation(annotation) }

/** The resource breaks the rule; the annotation says what is wrong, the value seen and what to change. */
export const nonCompliant = (annotation: string): RuleEvaluation => ({
  compliance: "NON_COMPLIANT",
  annotation: truncateAnnotation(annotation),
})

/** The rule does not judge this resource; the annotation says why. */
export const notApplicable = (annotation: string): RuleEvaluation => ({
  compliance: "NOT_APPLICABLE",
  annotation: truncateAnnotation(annotation),
})
