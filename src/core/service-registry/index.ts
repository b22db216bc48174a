export {
  ServiceRegistry,
  isReady,
  type ServiceRegistryDeps,
  type ServiceReport,
  type WaitResult,
} from './service-registry.js';
export type { ServiceHost, ServiceRecord } from './services-table.js';
