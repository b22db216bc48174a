/**
 * Where JSON text first goes wrong, as line and column (1-based). Node 20's JSON.parse often
 * names no position ("Unexpected token '}', ... is not valid JSON"), so this small scanner finds
 * it; it is only run on text that JSON.parse already rejected.
 */
export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

export function locateJsonSyntaxError(text: string): JsonSyntaxError | null {
  let at = 0;
  const fail = (message: string, where = at): never => {
    throw new Stop(where, message);
  };
  const describe = (): string =>
    at >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[at])}`;
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const expect = (char: string, what: string): void => {
    skipSpace();
    if (text[at] !== char) fail(`${describe()}, expected ${what}`);
    at++;
  };
  const string = (): void => {
    const start = at;
    at++; // opening quote
    while (at < text.length && text[at] !== '"') {
      const char = text[at]!;
      if (char < ' ') fail('control character in a string (use \\n, \\t...)');
      if (char === '\\') {
        const escape = text[at + 1] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail('bad \\u escape');
          at += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escape) || escape === '') fail(`bad escape \\${escape}`);
        at += 2;
        continue;
      }
      at++;
    }
    if (at >= text.length) fail('unterminated string', start);
    at++;
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(at),
    );
    if (!literal) fail(`${describe()}, expected a value`);
    at += literal![0].length;
  };
  const object = (): void => {
    at++;
    skipSpace();
    if (text[at] === '}') return void at++;
    for (;;) {
      skipSpace();
      if (text[at] !== '"')
        fail(
          text[at] === '}' ? 'trailing comma before }' : `${describe()}, expected a "quoted" key`,
        );
      string();
      expect(':', "':'");
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') return void at++;
      fail(`${describe()}, expected ',' or '}'`);
    }
  };
  const array = (): void => {
    at++;
    skipSpace();
    if (text[at] === ']') return void at++;
    for (;;) {
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        skipSpace();
        if (text[at] === ']') fail('trailing comma before ]');
        continue;
      }
      if (text[at] === ']') return void at++;
      fail(`${describe()}, expected ',' or ']'`);
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail(`${describe()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.at), message: error.message };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
