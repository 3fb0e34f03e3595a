import { errorCodes, type ErrorCode } from './codes.ts';

/** One error class for the whole runtime: a stable code, a message that says what and how to fix. */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SwitchboardError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
  }

  get hint(): string {
    return errorCodes[this.code].hint;
  }

  /** `SWB_CODE: message`, so log lines built with String(err) keep the code operators search for. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isSwitchboardError(value: unknown): value is SwitchboardError {
  return value instanceof SwitchboardError;
}
