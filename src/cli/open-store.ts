import type { Config } from '../config.js';
import { Store } from '../store/index.js';

export const openStore = (cfg: Config) => Store.open({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, schema: cfg.dbSchema });
