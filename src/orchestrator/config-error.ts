/** One problem in a .portdaddyrc: where (a JSON path such as `services.api.needs[0]`) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * A .portdaddyrc that is missing, is not JSON, or breaks the schema. The message lists every
 * issue on its own line, prefixed with the file name, so a CLI can print it as it is.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[]) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

function formatIssue(file: string, issue: ConfigIssue): string {
  return issue.path ? `${file}: ${issue.path}: ${issue.message}` : `${file}: ${issue.message}`;
}

// Service names may hold '-': `services.my-api.cmd` reads better than `services["my-api"].cmd`.
const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** `['services', 'api', 'needs', 0]` -> `services.api.needs[0]`; odd keys are quoted. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) text += text ? `.${key}` : key;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
