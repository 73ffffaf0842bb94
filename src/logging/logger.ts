import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log object. Credentials are never put in log
 * objects on purpose; this is the safety net for an axios config or header bag that slips through.
 */
export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'auth',
  '*.auth',
  'password',
  '*.password',
  'secretKey',
  '*.secretKey',
  'credentials',
  '*.credentials',
];

/** The one way the service builds a pino logger: JSON lines, level from LOG_LEVEL, secrets redacted. */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  return pino({
    name,
    // An empty LOG_LEVEL means unset, as for every variable (pino would reject '').
    level: process.env.LOG_LEVEL?.trim() || 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...options,
  });
}
