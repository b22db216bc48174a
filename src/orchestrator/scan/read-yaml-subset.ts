/**
 * Just enough YAML for compose files and pnpm-workspace.yaml: block maps and lists, flow lists of
 * scalars, quoted scalars, comments. Block scalars (`|`, `>`) become '', anchors and tags are
 * read as plain text. Scanning is best effort: a file this cannot read yields fewer detections,
 * never an error, so a YAML library is not worth its weight here.
 */
export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
}

export function readYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  let blockIndent = -1;
  for (const raw of source.split(/\r?\n/)) {
    const indent = raw.length - raw.trimStart().length;
    const text = stripComment(raw.trim());
    // Lines of a block scalar (after `key: |`) are skipped: nothing we read lives there.
    if (blockIndent >= 0 && (raw.trim() === '' || indent > blockIndent)) continue;
    blockIndent = -1;
    if (text === '' || text === '---' || text === '...') continue;
    if (/(?:^|:\s|-\s)[|>][+-]?\d*$/.test(text) || /^[|>][+-]?$/.test(text)) blockIndent = indent;
    lines.push({ indent, text });
  }
  let at = 0;

  const block = (indent: number): YamlValue => {
    const first = lines[at];
    if (!first || first.indent < indent) return '';
    return first.text.startsWith('- ') || first.text === '-'
      ? list(first.indent)
      : map(first.indent);
  };
  const list = (indent: number): YamlValue[] => {
    const items: YamlValue[] = [];
    while (
      at < lines.length &&
      lines[at]!.indent === indent &&
      /^-(?:\s|$)/.test(lines[at]!.text)
    ) {
      const rest = lines[at]!.text.slice(1).trim();
      if (rest === '') {
        at++;
        items.push(block(indent + 1));
      } else if (keyValue(rest)) {
        // `- key: value` starts a map whose other keys sit under the first one.
        lines[at] = { indent: indent + 2, text: rest };
        items.push(map(indent + 2));
      } else {
        at++;
        items.push(scalar(rest));
      }
    }
    return items;
  };
  const map = (indent: number): { [key: string]: YamlValue } => {
    const result: { [key: string]: YamlValue } = {};
    while (at < lines.length && lines[at]!.indent === indent) {
      const pair = keyValue(lines[at]!.text);
      if (!pair) break;
      at++;
      const [key, value] = pair;
      result[key] = value === '' || /^[|>]/.test(value) ? block(indent + 1) : scalar(value);
    }
    // Lines deeper than expected (bad indentation) are skipped rather than misread.
    while (at < lines.length && lines[at]!.indent > indent) at++;
    return result;
  };
  const value = block(0);
  return value;
}

function keyValue(text: string): [string, string] | null {
  const match = /^("[^"]*"|'[^']*'|[^\s"'#][^:]*?)\s*:(?:\s+(.*))?$/.exec(text);
  return match ? [unquote(match[1]!), (match[2] ?? '').trim()] : null;
}

function scalar(text: string): YamlValue {
  if (text.startsWith('[') && text.endsWith(']'))
    return text
      .slice(1, -1)
      .split(',')
      .map((item) => unquote(item.trim()))
      .filter((item) => item !== '');
  return unquote(text);
}

function unquote(text: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(text);
  return quoted ? quoted[2]! : text;
}

function stripComment(text: string): string {
  if (text.startsWith('#')) return '';
  let quote = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && /\s/.test(text[index - 1] ?? ''))
      return text.slice(0, index).trimEnd();
  }
  return text;
}
