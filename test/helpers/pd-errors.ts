import { expect } from 'vitest';
import { PdError } from '../../src/api/errors.js';

/** The PdError `action` throws; fails the test when it throws nothing or something else. */
export function thrown(action: () => unknown): PdError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PdError);
    return error as PdError;
  }
  throw new Error('did not throw');
}

/** The PdError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<PdError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdError);
  return error as PdError;
}
