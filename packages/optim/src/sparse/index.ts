export { adamFamilyLeaf } from './adam-family-leaf.js';
export { type CoalescedRows, coalesce, densify } from './rows.js';
