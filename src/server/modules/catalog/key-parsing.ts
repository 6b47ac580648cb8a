/**
 * Turns an upload into candidate keys with their line numbers. `paste`: one key per line. `csv`
 * (RFC 4180: quoted fields, doubled quotes, CRLF): one key per row, its non-empty cells joined by a
 * space, so `卡号,密码` rows become `卡号 密码`. Blank lines are skipped, not reported.
 */
export interface KeyLine {
  line: number;
  secret: string;
}

export function parseKeyUpload(format: 'paste' | 'csv', text: string): KeyLine[] {
  const body = text.replace(/^\uFEFF/, '');
  return format === 'paste' ? parsePaste(body) : parseCsv(body);
}

function parsePaste(text: string): KeyLine[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((raw, i) => ({ line: i + 1, secret: raw.trim() }))
    .filter((entry) => entry.secret.length > 0);
}

function parseCsv(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    row.push(field);
    const secret = row
      .map((cell) => cell.trim())
      .filter((cell) => cell.length > 0)
      .join(' ');
    if (secret.length > 0) out.push({ line: rowLine, secret });
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) endRow();
  return out;
}
