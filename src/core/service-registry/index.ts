export { ServiceRegistry, type ServiceRegistryDeps } from './service-registry.js';
