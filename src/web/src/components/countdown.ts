import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`: deadlines count down on screen. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * A span of time as `mm:ss`, or `h:mm:ss` from an hour up (hours may exceed 24: delivery windows run up
 * to 30 days). The sign is dropped: callers say "left" or "overdue".
 */
export function formatSpan(milliseconds: number): string {
  const total = Math.floor(Math.abs(milliseconds) / 1000);
  const hours = Math.floor(total / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  const minutesAndSeconds = `${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return hours > 0 ? `${hours}:${minutesAndSeconds}` : minutesAndSeconds;
}

/** Red when less than an hour is left, or the deadline has passed. */
export const URGENT_MS = 60 * 60 * 1000;
