export type { OrdersTables } from './orders.tables.js';
