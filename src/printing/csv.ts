/** A byte order mark: Excel opens a CSV as UTF-8 (and shows Chinese) only when it starts with one. */
const BOM = '\uFEFF';

function cell(value: string): string {
  const text = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table as CSV bytes for Excel: UTF-8 with a BOM, CRLF line ends, quoted where needed.
 * A cell that starts like a formula (=, +, -, @) is prefixed with an apostrophe so Excel shows it as text.
 */
export function toCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(BOM + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
