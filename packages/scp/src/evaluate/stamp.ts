let counter = 0

/** A number no other evaluation has used, for marking statements visited during one request. */
export const nextStamp = (): number => {
  counter = counter === Number.MAX_SAFE_INTEGER ? 0 : counter + 1
  return counter
}
