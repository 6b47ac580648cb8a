import { defineStateMachine } from '../../platform/state-machine.js';
import type { UserStatus } from './accounts.tables.js';

/**
 * An account's lifecycle. The account-security issue adds `frozen` (self-service freeze with a verified
 * unfreeze) as new edges here; nothing else has to change.
 */
export const userLifecycle = defineStateMachine<UserStatus>({
  name: 'user',
  initial: 'active',
  transitions: {
    active: ['disabled'],
    disabled: ['active'],
  },
});
