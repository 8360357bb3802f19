/**
 * The prompter: the questions `iacgen new` asks, behind an interface so unit tests can answer
 * them. The real one uses @inquirer/prompts, imported only when a question is asked (start-up).
 */
import { InterruptedError } from '../errors.js';

/** One choice of a select prompt. */
export interface Choice {
  value: string;
  name: string;
  description?: string;
}

/** Asks the user; every method may throw InterruptedError (Ctrl-C). */
export interface Prompter {
  /** Arrow-key selection; returns the chosen `value`. */
  select(message: string, choices: Choice[], defaultValue?: string): Promise<string>;
  /** Free text; `validate` returns true or an error message. */
  input(message: string, defaultValue: string, validate: (value: string) => true | string): Promise<string>;
  /** Yes or no. */
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

/** The terminal prompter (@inquirer/prompts). Ctrl-C becomes {@link InterruptedError}. */
export const inquirerPrompter: Prompter = {
  async select(message, choices, defaultValue) {
    const { select } = await import('@inquirer/prompts');
    return interruptible(() => select({ message, choices, ...(defaultValue ? { default: defaultValue } : {}), pageSize: 15 }));
  },
  async input(message, defaultValue, validate) {
    const { input } = await import('@inquirer/prompts');
    return interruptible(() => input({ message, default: defaultValue, validate }));
  },
  async confirm(message, defaultValue) {
    const { confirm } = await import('@inquirer/prompts');
    return interruptible(() => confirm({ message, default: defaultValue }));
  },
};

async function interruptible<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') throw new InterruptedError();
    throw err;
  }
}
