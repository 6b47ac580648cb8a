import type { StatementLine } from '../../../../common/api/ledger.js';

/** One point per statement line, oldest first: the chart reads left to right, the statement newest first. */
export function chronological(lines: readonly StatementLine[]): StatementLine[] {
  return [...lines].sort((a, b) => a.seq - b.seq);
}

/**
 * The point under a click: the one whose x is nearest, so a tap anywhere above or below a point opens
 * it (a point's symbol is a few pixels wide, too small for a finger). Returns -1 when there are none.
 */
export function nearestIndex(pointXs: readonly number[], clickX: number): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  pointXs.forEach((x, index) => {
    const distance = Math.abs(x - clickX);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** Text from the server goes into the tooltip's HTML: escaped, so an item named `<img …>` stays text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
