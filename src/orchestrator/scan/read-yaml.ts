import { parse } from 'yaml';

/** Parsed YAML, or undefined when the file is not YAML: scanning is best effort, never an error. */
export function readYaml(source: string): unknown {
  try {
    return parse(source, { strict: false, uniqueKeys: false }) as unknown;
  } catch {
    return undefined;
  }
}

export function isYamlMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
