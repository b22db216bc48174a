/** Undo steps run last-in first-out, once, whether the bench ends normally, fails or is interrupted. */
export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (error) {
        console.error(`cleanup step failed: ${String(error)}`);
      }
    }
  }
}
