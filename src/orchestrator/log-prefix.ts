import pc from 'picocolors';

type Paint = (text: string) => string;

/** The label of lines pd itself prints among the services' output. */
export const HOST_LABEL = 'pd';

/**
 * `name | line` prefixes for multiplexed logs: names padded to the longest so the lines align,
 * each service in its own colour (when `color` is on), pd's own lines dimmed.
 */
export class LogPrefixer {
  private readonly width: number;
  private readonly paints = new Map<string, Paint>();

  constructor(names: readonly string[], color: boolean) {
    const colors = pc.createColors(color);
    const palette: Paint[] = [
      colors.cyan,
      colors.magenta,
      colors.yellow,
      colors.green,
      colors.blue,
      colors.cyanBright,
      colors.magentaBright,
      colors.yellowBright,
      colors.greenBright,
      colors.blueBright,
    ];
    this.width = Math.max(HOST_LABEL.length, ...names.map((name) => name.length));
    names.forEach((name, index) => this.paints.set(name, palette[index % palette.length]!));
    this.paints.set(HOST_LABEL, colors.dim);
  }

  /** `api   | ` for a service (or `pd    | ` for pd's own lines). */
  prefix(name: string): string {
    const paint = this.paints.get(name) ?? ((text: string) => text);
    return paint(`${name.padEnd(this.width)} |`) + ' ';
  }

  line(name: string, text: string): string {
    return this.prefix(name) + text;
  }
}
