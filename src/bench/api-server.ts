// The API benchmark's server, in a process of its own so the load generator does not share its event loop:
// the store given as JSON in argv[2] (StoreOptions), served as `newsdesk serve` serves it, on 127.0.0.1 and a
// free port. Started by api.ts with fork(); sends { url } once listening, and exits when its parent goes.
import { serveApi } from '../api/server.js';
import { Store, type StoreOptions } from '../store/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as StoreOptions;
const store = await Store.open(options);
const server = await serveApi({ store }, { host: '127.0.0.1', port: 0 });
process.send?.({ url: server.url });
process.on('disconnect', () => {
  void server
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
