// `npm run build`, after tsc: records this build's Worker Deployment build id in lib/build-id.json,
// so the built worker (and the Docker image, which has no .git) knows it without git.
import { writeFileSync } from 'node:fs';
import { BUILD_ID_FILE, computeBuildId } from './buildId';

const buildId = process.env.CLANFORGE_BUILD_ID?.trim() || computeBuildId();
writeFileSync(BUILD_ID_FILE, `${JSON.stringify({ buildId }, null, 2)}\n`);
process.stdout.write(`build id ${buildId} (${BUILD_ID_FILE})\n`);
