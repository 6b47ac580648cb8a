import type { NavLinksOf } from '../../layout/navLink.js';

/** The shop area's routes, mounted inside the app layout by App.tsx. */
export const shopRoutes = <></>;

/** The shop area's entries in the site menu. */
export const shopNavLinks: NavLinksOf = () => [];
