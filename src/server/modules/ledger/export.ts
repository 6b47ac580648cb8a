import { Readable } from 'node:stream';
import type { StatementLine } from '../../../common/api/ledger.js';
import { CURRENCIES, type Currency } from '../../../common/money.js';

/**
 * Statement exports, streamed: CSV (UTF-8 with a BOM so spreadsheet programs read Chinese correctly,
 * amounts both in minor units and as decimals) or a JSON array written line by line.
 */
const CSV_COLUMNS = [
  'time',
  'seq',
  'kind',
  'currency',
  'amount_minor',
  'amount',
  'balance_after_minor',
  'available_after_minor',
  'reason',
  'reason_code',
  'cause_type',
  'cause_id',
  'transfer_id',
];

function decimal(minor: number, currency: Currency): string {
  const digits = CURRENCIES[currency].minorDigits;
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * RFC 4180 quoting, plus a leading quote mark for text a spreadsheet would run as a formula (CSV
 * injection). Numbers, including negative decimals like -68.00, stay numbers.
 */
function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvStream(lines: AsyncIterable<StatementLine>, currency: Currency): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
      for await (const line of lines) {
        const cells = [
          line.at,
          line.seq,
          line.kind,
          currency,
          line.amount,
          decimal(line.amount, currency),
          line.balanceAfter,
          line.availableAfter,
          line.reason.text,
          line.reason.code,
          line.cause.type,
          line.cause.id,
          line.transferId,
        ];
        yield `${cells.map(csvCell).join(',')}\r\n`;
      }
    })(),
  );
}

export function jsonStream(lines: AsyncIterable<StatementLine>): Readable {
  return Readable.from(
    (async function* () {
      yield '[';
      let first = true;
      for await (const line of lines) {
        yield `${first ? '' : ','}\n${JSON.stringify(line)}`;
        first = false;
      }
      yield '\n]\n';
    })(),
  );
}
