import { describe, expect, it } from 'vitest';
import { parseKeyUpload } from './key-parsing.js';

describe('card-key upload parsing', () => {
  it('takes one key per pasted line, trimmed, skipping blank lines, with line numbers', () => {
    expect(parseKeyUpload('paste', ' AAAA-1111 \r\n\nBBBB-2222\rCCCC')).toEqual([
      { line: 1, secret: 'AAAA-1111' },
      { line: 3, secret: 'BBBB-2222' },
      { line: 4, secret: 'CCCC' },
    ]);
  });

  it('joins the cells of a CSV row, honouring quotes, doubled quotes, CRLF and a BOM', () => {
    const csv = '\uFEFF卡号,密码\r\n"1234,5678","p""w"\r\n\r\n9999,,x\n';
    expect(parseKeyUpload('csv', csv)).toEqual([
      { line: 1, secret: '卡号 密码' },
      { line: 2, secret: '1234,5678 p"w' },
      { line: 4, secret: '9999 x' },
    ]);
  });

  it('keeps a line break inside a quoted CSV cell in the key and counts lines right after it', () => {
    expect(parseKeyUpload('csv', '"a\nb",c\nd')).toEqual([
      { line: 1, secret: 'a\nb c' },
      { line: 3, secret: 'd' },
    ]);
  });
});
