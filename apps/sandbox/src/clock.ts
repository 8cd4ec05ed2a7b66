/**
 * The sandbox's simulated clock: it runs `timeScale` times faster than real time and can be moved forward on
 * demand, so that an RDS instance becomes available in seconds and a vault lock's grace period can pass in a test.
 */
export class SandboxClock {
  #origin: number
  #realStart: number
  #timeScale: number
  #offset = 0

  constructor(options: { readonly start?: number; readonly timeScale?: number } = {}) {
    this.#origin = options.start ?? Date.now()
    this.#realStart = Date.now()
    this.#timeScale = options.timeScale ?? 1
  }

  /** Milliseconds since the epoch, simulated. */
  now(): number {
    return this.#origin + (Date.now() - this.#realStart) * this.#timeScale + this.#offset
  }

  /** The simulated time as a Date. */
  date(): Date {
    return new Date(this.now())
  }

  /** Moves simulated time forward. */
  advance(milliseconds: number): void {
    if (milliseconds < 0) throw new RangeError("the clock only moves forward")
    this.#offset += milliseconds
  }

  get timeScale(): number {
    return this.#timeScale
  }

  /** Restarts the clock at a saved instant (after a restart from the state directory). */
  resumeAt(instant: number): void {
    this.#origin = instant
    this.#realStart = Date.now()
    this.#offset = 0
  }
}
