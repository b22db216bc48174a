/**
 * The fixed set of maritime signal flags a message may carry, with what each means. Kept free of
 * zod so the CLI can list them without loading the schemas.
 */
export const SIGNALS = {
  mayday: 'distress: something is broken and needs help now',
  'pan-pan': 'urgency: a problem that is not yet an emergency',
  securite: 'safety notice: heads up before something disruptive (a restart, a migration)',
  'all-clear': 'the earlier mayday or pan-pan is over',
  ahoy: 'hailing: attention, someone is looking for you',
  roger: 'received and understood',
  wilco: 'will comply',
  over: 'done, your turn: a hand-off',
} as const;

export type Signal = keyof typeof SIGNALS;

export const SIGNAL_NAMES = Object.keys(SIGNALS) as Signal[];

export function isSignal(value: string): value is Signal {
  return Object.hasOwn(SIGNALS, value);
}
