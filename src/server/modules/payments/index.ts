export type { PaymentsTables } from './payments.tables.js';
