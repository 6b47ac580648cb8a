/** Time comes from a Clock so tests can move it (escrow windows, SLAs, code expiry) without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(ms: number): void {
    this.#ms += ms;
  }

  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
}

/** A clock stopped at one instant: for postings that must carry a given time (demo history, tests). */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

/** Storage format for every timestamp: UTC ISO 8601 with milliseconds, which sorts as text (ADR 0002). */
export function toStoredTime(at: Date): string {
  return at.toISOString();
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
