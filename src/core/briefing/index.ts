export {
  claimSalvage,
  dismissSalvage,
  listSalvage,
  type SalvageCandidate,
  type SalvageClaimed,
  type SalvageDeps,
} from './salvage.js';
export {
  buildBriefing,
  buildChangelog,
  changesSince,
  type Briefing,
  type ChangeReport,
  type ChangelogProject,
  type ChangelogSession,
  type SituationDeps,
} from './situation.js';
export { countChanges, summaryLine, type ChangeCounts } from './summarize-changes.js';
