import type { TFunction } from 'i18next';
import type { Me } from '../../../common/api/accounts.js';

/** One entry of the site menu; each area of the app contributes its own (each routes.tsx under pages). */
export interface NavLink {
  path: string;
  label: string;
  testId: string;
  /** Pages about the signed-in user's own things, grouped under 我的 in the menu. */
  mine?: boolean;
}

export type NavLinksOf = (me: Me | null | undefined, t: TFunction) => NavLink[];
