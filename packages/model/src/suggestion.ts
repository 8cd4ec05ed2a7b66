/** Edit distance between two strings (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export const editDistance = (a: string, b: string): number => {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const rows = s.length + 1
  const cols = t.length + 1
  const d = new Uint32Array(rows * cols)
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      d[i * cols + j] = best
    }
  }
  return at(rows - 1, cols - 1)
}

/**
 * The candidate closest to `word`, if it is close enough to be what was meant (at most a third of the word's
 * length in edits, and at least one).
 */
export const nearest = (word: string, candidates: Iterable<string>): string | undefined => {
  const limit = Math.max(1, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= limit ? best : undefined
}

/** "did you mean X?" when a close candidate exists, otherwise a list of what is accepted. */
export const suggestionFor = (word: string, candidates: ReadonlyArray<string>): string => {
  const close = nearest(word, candidates)
  if (close !== undefined) return `did you mean "${close}"?`
  const shown = candidates.slice(0, 12).map((c) => `"${c}"`)
  return `use one of ${shown.join(", ")}${candidates.length > 12 ? ", ..." : ""}`
}
