import { ENVIRONMENT, type EnvReader } from '../../src/service/environment';
import { code, table, type Page } from './markdown';

const READERS: Record<EnvReader, string> = {
  worker: 'worker',
  cli: 'CLI',
  client: 'client library',
  dev: '`npm run dev`',
  tests: 'tests',
};

export function environmentPage(): Page {
  const rows = ENVIRONMENT.map((variable) => [
    code(variable.name),
    variable.default === '' ? 'unset' : code(variable.default),
    variable.readBy.map((reader) => READERS[reader]).join(', '),
    `${variable.meaning}${variable.secret ? ' (secret: never logged, never in workflow input or history)' : ''}`,
  ]);
  return {
    title: 'Environment variables',
    sources: ['src/service/environment.ts'],
    sections: [
      'Every variable the worker, the CLI, the client library, `npm run dev` and the tests read. An empty (or blank) value means unset, for every one of them: compose passes `TEMPORAL_API_KEY=` when `.env` leaves it empty, and that must not turn TLS on. The worker checks its variables at start and stops with an error naming the variable when one is malformed.',
      table(['variable', 'default', 'read by', 'meaning'], rows),
      "Connection settings go through `@temporalio/envconfig`, so its other variables (`TEMPORAL_PROFILE`, `TEMPORAL_TLS_SERVER_CA_CERT_PATH`, `TEMPORAL_TLS_SERVER_NAME`, …) and its profile file work too. `TEMPORAL_TLS_CERT` and `TEMPORAL_TLS_KEY` are this project's shorter names for its `TEMPORAL_TLS_CLIENT_CERT_PATH` and `TEMPORAL_TLS_CLIENT_KEY_PATH`, and must be set together. `.env.example` lists the worker's variables for compose; `test/deploy/wiring.test.ts` keeps it, the compose worker service and this table in step.",
    ],
  };
}
