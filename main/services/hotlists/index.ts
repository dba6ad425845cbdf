/** Hot lists and hits: lists, entries and their approvals, hits and their verification states, retro-hits. */
export { hotlistsHandlers } from './hotlists.handlers';
export { afterSync as hotlistsAfterSync, retroSettled } from './retro';
