export interface PortRange {
  start: number;
  end: number;
}

/** FNV-1a: stable across runs and machines, so an identity's home port never moves. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function homePort(identity: string, range: PortRange): number {
  return range.start + (fnv1a(identity) % (range.end - range.start + 1));
}

/** Every port of the range once, starting at `first` and wrapping around. */
export function* probeOrder(first: number, range: PortRange): Generator<number> {
  const size = range.end - range.start + 1;
  for (let step = 0; step < size; step++) {
    yield range.start + ((first - range.start + step) % size);
  }
}
