import { pino, type Logger, type DestinationStream } from 'pino';
import { requestScope } from './request-scope.js';

export type { Logger };

/** JSON logs; anything that looks like a credential is redacted wherever it appears. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Lines logged while a request is handled carry its id (request-logging.ts).
      mixin: () => requestScope.getStore() ?? {},
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
