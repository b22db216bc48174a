import { describe, expect, it } from 'vitest';
import { CliContext } from './cli-context.js';
import { buildProgram, COMMAND_NAMES } from './program.js';

const namesOf = (argv?: string[]) =>
  buildProgram(new CliContext(), argv).commands.flatMap((command) => [
    command.name(),
    ...command.aliases(),
  ]);

describe('buildProgram', () => {
  it('knows exactly the names its commands register, in help order', () => {
    expect(namesOf()).toEqual(COMMAND_NAMES);
  });

  it('builds only the command asked for, and everything for help, options or unknown names', () => {
    expect(namesOf(['node', 'pd', 'claim', 'x'])).toEqual(['claim', 'release']);
    expect(namesOf(['node', 'pd', 'sitrep'])).toEqual(['look', 'sitrep']);
    expect(namesOf(['node', 'pd', 'help', 'claim'])).toEqual(COMMAND_NAMES);
    expect(namesOf(['node', 'pd', '--version'])).toEqual(COMMAND_NAMES);
    expect(namesOf(['node', 'pd', 'clam'])).toEqual(COMMAND_NAMES);
    expect(namesOf(['node', 'pd'])).toEqual(COMMAND_NAMES);
  });
});
