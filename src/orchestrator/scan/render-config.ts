import type { ProjectConfig, ServiceConfig } from '../config-schema.js';
import type { ScanResult } from './scan-repo.js';

/** Where editors find the schema: the copy published with the npm package. */
export const SCHEMA_URL = 'https://unpkg.com/port-daddy/docs/portdaddyrc.schema.json';

/** The .portdaddyrc for what a scan found. */
export function renderConfig(result: ScanResult): ProjectConfig {
  const services: Record<string, ServiceConfig> = {};
  for (const detection of result.services) {
    const service: ServiceConfig = { cmd: detection.cmd };
    if (detection.cwd !== '.') service.cwd = detection.cwd;
    if (detection.env) service.env = detection.env;
    if (detection.needs.length > 0) service.needs = detection.needs;
    if (detection.health === 'tcp') service.tcp = true;
    else service.healthPath = detection.health;
    services[detection.name] = service;
  }
  return { $schema: SCHEMA_URL, project: result.project, services };
}
