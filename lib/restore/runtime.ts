/**
 * What the restore steps need besides AWS: a place to report progress, a clock and a way to
 * wait. Tests pass a recording reporter and a fake clock, so hours of polling take no time.
 */

/** Receives progress lines. */
export interface RestoreReporter {
  /** A step starts (`index` counts from 1). */
  step(index: number, total: number, title: string): void;
  /** A line of progress or a result. */
  info(message: string): void;
}

/** Clock and sleep. */
export interface RestoreClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: RestoreClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A reporter that prints to a stream (stderr by default, so stdout stays parseable). */
export function streamReporter(out: NodeJS.WritableStream = process.stderr): RestoreReporter {
  return {
    step: (i, n, title) => out.write(`\n[${i}/${n}] ${title}\n`),
    info: (message) => out.write(`      ${message}\n`),
  };
}

/** An error the user can act on: what was wrong and what to do. Thrown by every step. */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

/** Options of {@link poll}. */
export interface PollOptions<T> {
  /** What is awaited, for the timeout message (e.g. "restore job 1234 to finish"). */
  readonly what: string;
  /** Reads the current state. */
  readonly read: () => Promise<T>;
  /** Whether the state is final. */
  readonly done: (state: T) => boolean;
  /** Called with each state read (progress output). */
  readonly onState?: (state: T) => void;
  /** Pause between reads. */
  readonly intervalMs: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** What to do when it times out (appended to the error). */
  readonly onTimeout: string;
  readonly clock: RestoreClock;
}

/** Reads until `done`, sleeping in between; throws a {@link RestoreError} on timeout. */
export async function poll<T>(o: PollOptions<T>): Promise<T> {
  const deadline = o.clock.now() + o.timeoutMs;
  for (;;) {
    const state = await o.read();
    o.onState?.(state);
    if (o.done(state)) return state;
    if (o.clock.now() >= deadline) {
      throw new RestoreError(`Timed out after ${Math.round(o.timeoutMs / 60000)} min waiting for ${o.what}. ${o.onTimeout}`);
    }
    await o.clock.sleep(o.intervalMs);
  }
}

/** Reports a value only when it differs from the previous one (progress without noise). */
export function onChange(report: (line: string) => void): (line: string) => void {
  let last: string | undefined;
  return (line) => {
    if (line !== last) report(line);
    last = line;
  };
}
