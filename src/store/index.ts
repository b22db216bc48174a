export { checkpoint, openDatabase, schemaVersion, integrityCheck, type Db } from './db.js';
export { Revision } from './revision.js';
