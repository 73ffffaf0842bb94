import pino, { type Logger } from 'pino';

/** JSON logs. Requests are logged by path only; the Authorization header never reaches a log call. */
export function createSimulatorLogger(level?: string): Logger {
  return pino({
    name: 'clanforge-simulator',
    level: level ?? process.env.LOG_LEVEL ?? 'info',
    // Safety net only: nothing logs headers on purpose.
    redact: { paths: ['authorization', '*.authorization', 'headers', '*.headers'], censor: '[redacted]' },
  });
}
