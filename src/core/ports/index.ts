export {
  type PortHolder,
  PortRegistry,
  type ClaimInput,
  type ClaimResult,
  type ReleaseReason,
} from './port-registry.js';
export type { Claim } from './claims-table.js';
export { homePort, type PortRange } from './home-port.js';
export { isPortFreeOnHost, type PortProbe } from './os-probe.js';
export { findListeners, type OsListener } from './os-listeners.js';
