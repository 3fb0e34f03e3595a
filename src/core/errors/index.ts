// Errors: the code table and the one error class.
export { errorCodes, type ErrorCode } from './codes.ts';
export { SwitchboardError, isSwitchboardError } from './switchboard-error.ts';
