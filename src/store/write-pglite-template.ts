// usage: npm run pglite-template — rewrites templates/pglite-cluster.tar.gz with the installed PGlite.
import { TEMPLATE_PATH, writeTemplate } from './pglite-template.js';

const bytes = await writeTemplate();
process.stdout.write(`wrote ${TEMPLATE_PATH} (${bytes} bytes)\n`);
