import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** JSON logs; anything that looks like a credential is redacted wherever it appears. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          '*.password',
          '*.passwordHash',
          '*.token',
          '*.secret',
          '*.apiKey',
          '*.pin',
          'password',
          'token',
          'secret',
          'apiKey',
          'pin',
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
