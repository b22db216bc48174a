export { loadConfig, ConfigError, DEFAULT_PORT, type Config } from './load-config.js';
export { packageVersion } from './version.js';
export { dataPaths, type DataPaths } from './data-paths.js';
