export type { CatalogTables } from './catalog.tables.js';
