import { eachOperation, isObject, pointer } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

export interface ErrorCodeRow {
  type: string;
  code: string;
  details: string;
}

/** The four values of ErrorResponse.type; they start every row of the flattened tables. */
export const ERROR_TYPES = ['invalid', 'error', 'warn', 'fatal'] as const;

/**
 * Error codes are documented as a Type | Code | Details table inside each response description.
 * This lifts them into `x-error-codes` so types, validators and checks can use them.
 */
export const errorCodeTablesRule = defineRule(
  'lift-error-code-tables',
  ['swagger2', 'openapi3'],
  'Error-code tables in response descriptions become x-error-codes',
  (doc, report) => {
    for (const { operation, ptr } of eachOperation(doc)) {
      if (!isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isObject(response) || typeof response.description !== 'string' || response['x-error-codes'] !== undefined)
          continue;
        const rows = parseErrorCodeTable(response.description);
        if (rows.length === 0) continue;
        response['x-error-codes'] = rows;
        report({
          pointer: `${ptr}${pointer('responses', status)}/x-error-codes`,
          kind: 'change',
          message: `lifted ${rows.length} error code(s) out of the description`,
          before: response.description,
          after: rows,
        });
      }
    }
  },
);

/** Reads a markdown table, an HTML table, or the run-together text a flattened page leaves behind. */
export function parseErrorCodeTable(text: string): ErrorCodeRow[] {
  if (/<table[\s>]/i.test(text)) return parseHtmlTable(text);
  const markdown = parseMarkdownTable(text);
  if (markdown.length > 0) return markdown;
  return parseRunTogether(text);
}

function parseMarkdownTable(text: string): ErrorCodeRow[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.includes('|'));
  const headerIndex = lines.findIndex((l) => /\btype\b/i.test(l) && /\bcode\b/i.test(l));
  if (headerIndex < 0) return [];
  const columns = columnIndexes(splitMarkdownRow(lines[headerIndex]));
  if (!columns) return [];
  const rows: ErrorCodeRow[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    const cells = splitMarkdownRow(line);
    if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) continue;
    const row = rowFrom(cells, columns);
    if (row) rows.push(row);
  }
  return rows;
}

function splitMarkdownRow(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

function parseHtmlTable(text: string): ErrorCodeRow[] {
  const rows = [...text.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((m) =>
    [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((c) => decodeHtml(c[1])),
  );
  const headerIndex = rows.findIndex(
    (cells) => cells.some((c) => /^type$/i.test(c)) && cells.some((c) => /^code$/i.test(c)),
  );
  const columns = headerIndex >= 0 ? columnIndexes(rows[headerIndex]) : { type: 0, code: 1, details: 2 };
  if (!columns) return [];
  return rows.slice(headerIndex + 1).flatMap((cells) => rowFrom(cells, columns) ?? []);
}

function decodeHtml(cell: string): string {
  return cell
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function columnIndexes(header: string[]): { type: number; code: number; details: number } | undefined {
  const find = (name: string) => header.findIndex((c) => c.toLowerCase() === name);
  const type = find('type');
  const code = find('code');
  if (type < 0 || code < 0) return undefined;
  return { type, code, details: find('details') };
}

function rowFrom(cells: string[], columns: { type: number; code: number; details: number }): ErrorCodeRow | undefined {
  const type = (cells[columns.type] ?? '').toLowerCase();
  const code = cells[columns.code] ?? '';
  if (!type || !/^[A-Za-z][\w.-]*$/.test(code)) return undefined;
  return { type, code, details: columns.details >= 0 ? (cells[columns.details] ?? '') : '' };
}

/**
 * `invalidinvalidRequestMissing or invalid parameters`: a known type, a camelCase code, then
 * details that start with an ordinary capitalised word. The code is the longest prefix that
 * leaves such a word behind (`errorGeneratingOrderId` + `Order Id is not generated`).
 */
function parseRunTogether(text: string): ErrorCodeRow[] {
  const rows: ErrorCodeRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .trim()
      .replace(/^TypeCodeDetails/, '')
      .trim();
    const type = ERROR_TYPES.find((t) => line.startsWith(t));
    if (!type) continue;
    const rest = line.slice(type.length).trimStart();
    const token = rest.split(/\s/, 1)[0];
    for (let end = token.length - 1; end > 0; end--) {
      const code = token.slice(0, end);
      const details = rest.slice(end);
      if (/^[a-z][A-Za-z0-9]*$/.test(code) && /^[A-Z][a-z']*(?=[\s.,/]|$)/.test(details)) {
        rows.push({ type, code, details: details.trim() });
        break;
      }
    }
  }
  return rows;
}
