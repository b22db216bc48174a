export interface Target {
  op: '<=' | '>=';
  limit: number;
}

export interface Row {
  measure: string;
  value: number;
  unit: string;
  digits: number;
  target?: Target;
  detail?: string;
}

export interface ScoredRow extends Row {
  /** undefined for figures without a target. */
  pass?: boolean;
}

const formatNumber = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function score(row: Row): ScoredRow {
  if (!row.target) return row;
  const { op, limit } = row.target;
  return { ...row, pass: op === '<=' ? row.value <= limit : row.value >= limit };
}

function cells(row: ScoredRow): string[] {
  const unit = row.unit === '' ? '' : ` ${row.unit}`;
  const target = row.target
    ? `${row.target.op} ${formatNumber(row.target.limit, row.target.limit % 1 === 0 ? 0 : 1)}${unit}`
    : '';
  const mark = row.pass === undefined ? '' : row.pass ? 'pass' : 'MISS';
  return [row.measure, formatNumber(row.value, row.digits) + unit, target, mark, row.detail ?? ''];
}

/** A plain-text table: measure, value, target, pass/MISS, detail. */
export function renderTable(rows: readonly ScoredRow[]): string {
  const header = ['measure', 'value', 'target', '', 'detail'];
  const body = rows.map(cells);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((line) => line[column]!.length)),
  );
  const numeric = new Set([1, 2]);
  const line = (values: string[]) =>
    values
      .map((value, column) =>
        numeric.has(column) ? value.padStart(widths[column]!) : value.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
