/** Every error code the daemon can answer with, and the HTTP status it maps to. */
export const errorStatus = {
  INVALID_INPUT: 400,
  INVALID_IDENTITY: 400,
  MALFORMED_JSON: 400,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  PORT_TAKEN: 409,
  PORT_IN_USE: 409,
  IDENTITY_CLAIMED: 409,
  NO_FREE_PORT: 409,
  LOCK_HELD: 409,
  LOCK_NOT_OWNER: 403,
  CHANNEL_NAME_TAKEN: 409,
  SESSION_ACTIVE: 409,
  NO_ACTIVE_SESSION: 409,
  ILLEGAL_PHASE: 409,
  FILES_CLAIMED: 409,
  NOT_SALVAGEABLE: 409,
  NOT_RESTORABLE: 409,
  INVALID_CONFIG: 400,
  SERVICE_FAILED: 409,
  PAYLOAD_TOO_LARGE: 413,
  CANCELLED: 499,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** The one error type of port-daddy: thrown in core, mapped in the daemon, decoded in the client. */
export class PdError extends Error {
  readonly code: ErrorCode | string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode | string,
    message: string,
    details: Record<string, unknown> = {},
    status?: number,
  ) {
    super(message);
    this.name = 'PdError';
    this.code = code;
    this.details = details;
    this.status = status ?? (errorStatus as Record<string, number>)[code] ?? 500;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}
